package studio.brain.cloud;

import java.time.Instant;
import java.util.Objects;

/**
 * A {@code [from, to)} window over Stripe's {@code created} (whole Unix seconds). An object created at second
 * {@code c} lies in the window when {@code from <= c < to}, which for whole seconds is
 * {@code ceil(from) <= c < ceil(to)}: the bounds Stripe's {@code created[gte]} and {@code created[lt]} take.
 */
record PaymentWindow(long gteSeconds, long ltSeconds) {

    static PaymentWindow of(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return new PaymentWindow(ceilSeconds(from), ceilSeconds(to));
    }

    boolean empty() {
        return gteSeconds >= ltSeconds;
    }

    boolean contains(long createdSeconds) {
        return createdSeconds >= gteSeconds && createdSeconds < ltSeconds;
    }

    private static long ceilSeconds(Instant instant) {
        return instant.getNano() == 0 ? instant.getEpochSecond() : instant.getEpochSecond() + 1;
    }
}
