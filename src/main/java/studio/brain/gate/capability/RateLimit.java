package studio.brain.gate.capability;

import java.time.Duration;
import java.util.Objects;

/** At most {@code max} uses in any {@code window} (an ISO-8601 duration in the file, such as {@code PT1H}). */
public record RateLimit(int max, Duration window) {

    public RateLimit {
        Objects.requireNonNull(window, "window");
        if (max < 1) {
            throw new IllegalArgumentException("a rate limit allows at least one use, not " + max);
        }
    }
}
