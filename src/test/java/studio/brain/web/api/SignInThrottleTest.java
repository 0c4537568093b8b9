package studio.brain.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.testing.MutableClock;
import studio.brain.testing.TestHub;

/** Refused credentials from one address slow that address down, for a window, and no other. */
class SignInThrottleTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
    private final SignInThrottle throttle = new SignInThrottle(clock, 3, Duration.ofMinutes(1));

    @Test
    void anAddressIsHeldBackAfterItsFailuresUntilTheWindowEnds() {
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.waitFor("10.0.0.7")).isEmpty();
            throttle.failed("10.0.0.7");
        }
        assertThat(throttle.waitFor("10.0.0.7")).contains(Duration.ofMinutes(1));
        assertThat(throttle.waitFor("10.0.0.8")).as("another address").isEmpty();

        clock.advance(Duration.ofSeconds(45));
        assertThat(throttle.waitFor("10.0.0.7")).contains(Duration.ofSeconds(15));
        clock.advance(Duration.ofSeconds(15));
        assertThat(throttle.waitFor("10.0.0.7")).isEmpty();
        throttle.failed("10.0.0.7");
        assertThat(throttle.waitFor("10.0.0.7")).as("a new window counts from one").isEmpty();
    }

    @Test
    void failuresSpreadOverWindowsNeverAddUp() {
        for (int i = 0; i < 10; i++) {
            throttle.failed("10.0.0.9");
            throttle.failed("10.0.0.9");
            clock.advance(Duration.ofMinutes(1));
            assertThat(throttle.waitFor("10.0.0.9")).isEmpty();
        }
    }

    @Test
    void theTableOfAddressesStaysBounded() {
        for (int i = 0; i < SignInThrottle.MAX_ADDRESSES + 10; i++) {
            throttle.failed("address-" + i);
        }
        throttle.failed("last");
        throttle.failed("last");
        throttle.failed("last");
        assertThat(throttle.waitFor("last")).isPresent();
    }

    @Test
    void overHttpAnAddressThatKeepsGuessingIsHeldBackEvenWithTheRightToken(@TempDir Path work) throws Exception {
        try (ApiHub api = ApiHub.start(TestHub.env(work))) {
            for (int i = 0; i < SignInThrottle.DEFAULT_MAX_FAILURES; i++) {
                assertThat(api.get("/api/capabilities", "Bearer guess-" + i).status()).isEqualTo(401);
            }
            ApiHub.Answer held = api.get("/api/capabilities", api.staff());
            assertThat(held.status()).isEqualTo(429);
            assertThat(held.code()).isEqualTo("RATE_LIMITED");
            assertThat(Long.parseLong(held.header("Retry-After"))).isBetween(1L, 60L);
            assertThat(held.body()).doesNotContain(api.hub.adminToken());
        }
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUp() {
        assertThat(ApiProblem.retryAfterSeconds(Duration.ofMillis(1_200))).isEqualTo(2);
        assertThat(ApiProblem.retryAfterSeconds(Duration.ofSeconds(60))).isEqualTo(60);
        assertThat(ApiProblem.retryAfterSeconds(Duration.ZERO)).isEqualTo(1);
    }
}
