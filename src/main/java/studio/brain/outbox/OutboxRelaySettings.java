package studio.brain.outbox;

import java.time.Duration;

/**
 * How the relay works through the outbox.
 *
 * @param batchSize     messages claimed (and locked) per {@link OutboxRelay#relayOnce()} call
 * @param maxAttempts   failed deliveries after which a message is {@code dead}
 * @param backoffBase   wait after the first failure; it doubles with every further failure
 * @param backoffCap    the longest wait between two attempts
 * @param gaugeCacheTtl how long the pending and dead counts shown by the gauges are reused before the database is
 *                      asked again (a scrape must not cost a count query each time)
 */
public record OutboxRelaySettings(int batchSize, int maxAttempts, Duration backoffBase, Duration backoffCap,
                                  Duration gaugeCacheTtl) {

    public OutboxRelaySettings {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("outbox batchSize must be between 1 and 10000, was " + batchSize);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("outbox maxAttempts must be at least 1, was " + maxAttempts);
        }
        requirePositive("backoffBase", backoffBase);
        requirePositive("backoffCap", backoffCap);
        if (backoffCap.compareTo(backoffBase) < 0) {
            throw new IllegalArgumentException("outbox backoffCap (" + backoffCap + ") must not be shorter than "
                    + "backoffBase (" + backoffBase + ")");
        }
        requirePositive("gaugeCacheTtl", gaugeCacheTtl);
    }

    /** 100 per batch; 10 attempts; 1 s doubling to 5 min; counts reused for 5 s. */
    public static OutboxRelaySettings defaults() {
        return new OutboxRelaySettings(100, 10, Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofSeconds(5));
    }

    public OutboxRelaySettings withBatchSize(int size) {
        return new OutboxRelaySettings(size, maxAttempts, backoffBase, backoffCap, gaugeCacheTtl);
    }

    public OutboxRelaySettings withMaxAttempts(int attempts) {
        return new OutboxRelaySettings(batchSize, attempts, backoffBase, backoffCap, gaugeCacheTtl);
    }

    public OutboxRelaySettings withBackoff(Duration base, Duration cap) {
        return new OutboxRelaySettings(batchSize, maxAttempts, base, cap, gaugeCacheTtl);
    }

    public OutboxRelaySettings withGaugeCacheTtl(Duration ttl) {
        return new OutboxRelaySettings(batchSize, maxAttempts, backoffBase, backoffCap, ttl);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("outbox " + name + " must be a positive duration, was " + value);
        }
    }
}
