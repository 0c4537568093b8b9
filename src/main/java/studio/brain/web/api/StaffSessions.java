package studio.brain.web.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import studio.brain.gate.Actor;

/**
 * The cockpit's signed-in staff: a server-side table from an opaque session id (the browser's cookie) to the actor
 * who signed in with a bearer credential, with the CSRF token every state-changing call made with that cookie must
 * repeat in a header. Neither id nor token says anything about the credential: both are 256 random bits, so the admin
 * token or a Firebase ID token never leaves the sign-in request.
 *
 * <p>A session ends on sign-out, after {@link #IDLE} without a request, or {@link #LIFETIME} after sign-in, whichever
 * comes first (a Firebase staff member whose claim is withdrawn is out within that lifetime). Kept in memory, per hub:
 * a restart signs everyone out, which is the safe way round. The table is bounded; when it is full, ended sessions are
 * dropped first and then the ones closest to their end.
 */
public final class StaffSessions {
    public static final String COOKIE = "studio_brain_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    public static final Duration IDLE = Duration.ofMinutes(30);
    public static final Duration LIFETIME = Duration.ofHours(8);
    static final int MAX_SESSIONS = 1_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private final ConcurrentHashMap<String, Session> byId = new ConcurrentHashMap<>();

    public StaffSessions(Clock clock) {
        this.clock = clock;
    }

    /** A signed-in session: who, since when, until when at the latest, and its CSRF token. */
    public record Session(String id, Actor actor, String csrfToken, Instant createdAt, Instant lastSeen) {
        Instant endsAt() {
            Instant idleEnd = lastSeen.plus(IDLE);
            Instant hardEnd = createdAt.plus(LIFETIME);
            return idleEnd.isBefore(hardEnd) ? idleEnd : hardEnd;
        }

        /** When the session ends if nothing else happens; for the cockpit to show. */
        public Instant expiresAt() {
            return endsAt();
        }

        @Override
        public String toString() {
            return "Session[actor=" + actor.id() + ", createdAt=" + createdAt + "]";
        }
    }

    /** Opens a session for a staff member who has just proven who they are. */
    public Session open(Actor actor) {
        if (!actor.isStaff()) {
            throw new IllegalArgumentException("only staff sign in to the cockpit");
        }
        Instant now = clock.instant();
        makeRoom(now);
        Session session = new Session(randomToken(), actor, randomToken(), now, now);
        byId.put(session.id(), session);
        return session;
    }

    /** The live session with this id, its idle time restarted; empty for an unknown or ended one. */
    public Optional<Session> touch(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Session found = byId.computeIfPresent(id, (key, session) -> now.isBefore(session.endsAt())
                ? new Session(session.id(), session.actor(), session.csrfToken(), session.createdAt(), now)
                : null);
        return Optional.ofNullable(found);
    }

    /** Whether the presented CSRF token is this session's; compared in time independent of where they differ. */
    public static boolean csrfMatches(Session session, String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(digest(session.csrfToken()), digest(presented));
    }

    /** Ends a session (sign-out); ending one that is already gone is not an error. */
    public void close(String id) {
        if (id != null) {
            byId.remove(id);
        }
    }

    int size() {
        return byId.size();
    }

    private void makeRoom(Instant now) {
        if (byId.size() < MAX_SESSIONS) {
            return;
        }
        byId.values().removeIf(s -> !now.isBefore(s.endsAt()));
        while (byId.size() >= MAX_SESSIONS) {
            byId.values().stream().min(Comparator.comparing(Session::endsAt))
                    .ifPresent(oldest -> byId.remove(oldest.id()));
        }
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
