package studio.brain.assist.finance;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The thresholds of a reconciliation run.
 *
 * @param amountToleranceCents   the largest difference, in the smallest currency unit, still counted as equal
 * @param matchWindow            how far apart an order and a payment may be when they are matched by amount
 * @param staleReadAfter         a Stripe read older than this (against {@code now}) is stale
 * @param payoutInterval         the automatic payout schedule: a payout pays out the balance activity of the
 *                               interval before it
 * @param payoutToleranceCents   the largest payout difference still counted as equal
 * @param payoutGrace            how long after an interval ends its payout may still be missing without a flag
 * @param paidStatuses           order statuses (lower case) that say the order was paid
 */
public record ReconciliationRules(long amountToleranceCents, Duration matchWindow, Duration staleReadAfter,
        Duration payoutInterval, long payoutToleranceCents, Duration payoutGrace, Set<String> paidStatuses) {

    public static final Set<String> DEFAULT_PAID_STATUSES = Set.of("paid", "fulfilled", "completed", "shipped",
            "ready", "picked_up", "partially_refunded");

    public ReconciliationRules {
        Objects.requireNonNull(matchWindow, "matchWindow");
        Objects.requireNonNull(staleReadAfter, "staleReadAfter");
        Objects.requireNonNull(payoutInterval, "payoutInterval");
        Objects.requireNonNull(payoutGrace, "payoutGrace");
        if (amountToleranceCents < 0 || payoutToleranceCents < 0) {
            throw new IllegalArgumentException("tolerances must not be negative");
        }
        if (matchWindow.isNegative() || staleReadAfter.isNegative() || payoutGrace.isNegative()
                || payoutInterval.isZero() || payoutInterval.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative; the payout interval must be positive");
        }
        paidStatuses = paidStatuses == null ? DEFAULT_PAID_STATUSES : Set.copyOf(paidStatuses);
    }

    /** Exact amounts, a three-day match window, a read older than 24 h is stale, weekly payouts. */
    public static ReconciliationRules defaults() {
        return new ReconciliationRules(0, Duration.ofDays(3), Duration.ofHours(24), Duration.ofDays(7), 0,
                Duration.ofDays(2), DEFAULT_PAID_STATUSES);
    }

    public boolean paid(String status) {
        return status != null && paidStatuses.contains(status);
    }
}
