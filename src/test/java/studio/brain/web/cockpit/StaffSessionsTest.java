package studio.brain.web.cockpit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import studio.brain.gate.Actor;
import studio.brain.testing.MutableClock;
import studio.brain.web.api.StaffSessions;

/** The cockpit's sessions end when they should: idle, at their lifetime, on sign-out; and only staff get one. */
class StaffSessionsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T08:00:00Z"));
    private final StaffSessions sessions = new StaffSessions(clock);
    private final Actor staff = Actor.staff("local-admin", "studio-main", Set.of("admin", "staff"));

    @Test
    void aSessionEndsAfterItsIdleTimeButEveryRequestRestartsIt() {
        StaffSessions.Session session = sessions.open(staff);
        clock.advance(StaffSessions.IDLE.minusSeconds(1));
        assertThat(sessions.touch(session.id())).isPresent();
        clock.advance(StaffSessions.IDLE.minusSeconds(1));
        assertThat(sessions.touch(session.id())).as("touched a moment ago").isPresent();
        clock.advance(StaffSessions.IDLE);
        assertThat(sessions.touch(session.id())).isEmpty();
        assertThat(sessions.touch(session.id())).as("gone for good").isEmpty();
    }

    @Test
    void aSessionEndsAtItsLifetimeHoweverBusyItIs() {
        StaffSessions.Session session = sessions.open(staff);
        Instant end = clock.instant().plus(StaffSessions.LIFETIME);
        while (clock.instant().plus(Duration.ofMinutes(10)).isBefore(end)) {
            clock.advance(Duration.ofMinutes(10));
            assertThat(sessions.touch(session.id())).isPresent();
        }
        clock.advance(Duration.ofMinutes(10));
        assertThat(sessions.touch(session.id())).isEmpty();
    }

    @Test
    void signingOutEndsItAtOnceAndUnknownIdsFindNothing() {
        StaffSessions.Session session = sessions.open(staff);
        sessions.close(session.id());
        assertThat(sessions.touch(session.id())).isEmpty();
        assertThat(sessions.touch("made-up")).isEmpty();
        assertThat(sessions.touch("")).isEmpty();
        assertThat(sessions.touch(null)).isEmpty();
        sessions.close("made-up");
    }

    @Test
    void idsAndCsrfTokensAreRandomAndTheCsrfCheckWantsTheSessionsOwn() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            StaffSessions.Session session = sessions.open(staff);
            assertThat(seen.add(session.id())).isTrue();
            assertThat(seen.add(session.csrfToken())).isTrue();
            assertThat(StaffSessions.csrfMatches(session, session.csrfToken())).isTrue();
            assertThat(StaffSessions.csrfMatches(session, session.id())).isFalse();
            assertThat(StaffSessions.csrfMatches(session, null)).isFalse();
            assertThat(StaffSessions.csrfMatches(session, "")).isFalse();
            assertThat(session.toString()).doesNotContain(session.id()).doesNotContain(session.csrfToken());
        }
    }

    @Test
    void onlyStaffOpenASession() {
        Actor agent = Actor.agent("agent-glaze-bot", "studio-main", "member-ana", "d-1",
                Set.of("capability:ops.recommendation:propose"), java.util.List.of());
        assertThatThrownBy(() -> sessions.open(agent)).isInstanceOf(IllegalArgumentException.class);
    }
}
