package studio.brain.gate.auth;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * How long an HTTP response may be reused, from its {@code Cache-Control} and {@code Age} headers: {@code max-age}
 * less the time the response already spent in caches on the way; nothing for {@code no-store} or {@code no-cache};
 * and the caller's default when the server says nothing. Capped, so that a wrong header cannot pin keys for weeks.
 */
final class CacheLifetime {
    static final Duration MAX = Duration.ofHours(24);

    private CacheLifetime() {
    }

    static Duration of(Optional<String> cacheControl, Optional<String> age, Duration fallback) {
        if (cacheControl.isEmpty()) {
            return fallback;
        }
        Duration lifetime = null;
        for (String directive : cacheControl.get().toLowerCase(Locale.ROOT).split(",")) {
            String d = directive.trim();
            if (d.equals("no-store") || d.equals("no-cache")) {
                return Duration.ZERO;
            }
            if (d.startsWith("max-age=")) {
                Optional<Long> seconds = seconds(d.substring("max-age=".length()));
                if (seconds.isEmpty()) {
                    return fallback;
                }
                lifetime = Duration.ofSeconds(seconds.get());
            }
        }
        if (lifetime == null) {
            return fallback;
        }
        Duration remaining = lifetime.minusSeconds(age.flatMap(CacheLifetime::seconds).orElse(0L));
        if (remaining.isNegative()) {
            return Duration.ZERO;
        }
        return remaining.compareTo(MAX) > 0 ? MAX : remaining;
    }

    private static Optional<Long> seconds(String text) {
        String t = text.trim();
        if (t.startsWith("\"") && t.endsWith("\"") && t.length() >= 2) {
            t = t.substring(1, t.length() - 1);
        }
        if (t.isEmpty() || t.length() > 12 || !t.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(t));
    }
}
