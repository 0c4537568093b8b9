package studio.brain.outbox;

import java.time.Duration;

/** Exponential back-off between delivery attempts: base, 2 × base, 4 × base, … never longer than the cap. */
record Backoff(Duration base, Duration cap) {
    /** Beyond this many doublings any sane base has long passed any sane cap; stopping here avoids overflow. */
    private static final int MAX_DOUBLINGS = 30;

    /** The wait after the given number of failed attempts (1 for the first failure). */
    Duration afterFailures(int failures) {
        int doublings = Math.max(0, failures - 1);
        if (doublings >= MAX_DOUBLINGS) {
            return cap;
        }
        Duration wait = base.multipliedBy(1L << doublings);
        return wait.compareTo(cap) > 0 ? cap : wait;
    }

    /**
     * The wait for a message that nobody subscribes to, from how long it has waited already: the interval about
     * doubles per check without spending the message's attempts, which belong to real deliveries.
     */
    Duration whileUnsubscribed(Duration age) {
        if (age.compareTo(base) < 0) {
            return base;
        }
        return age.compareTo(cap) > 0 ? cap : age;
    }
}
