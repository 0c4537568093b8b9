package studio.brain.state;

import java.util.Map;
import java.util.Optional;
import studio.brain.cloud.CloudDocument;

/**
 * What the cloud's daily summary document says a metric should be. The summary holds, per collection, a
 * {@code total} and a {@code by<Field>} map ({@code byStatus}, {@code byState}) counted by raw value, so
 * {@code open} and {@code Open} are separate keys; the metric's conditions are applied to those keys with the same
 * case-insensitive rules as everywhere else ({@link Spellings}), and a negative condition is the total minus the
 * matching keys, as in {@link DocumentMetricRead}.
 */
public final class SummaryComparison {

    private SummaryComparison() {
    }

    /**
     * The metric's expected value, or empty when the summary cannot answer: a payment metric, a sum, more than one
     * condition, or a collection, total or {@code by<Field>} map the summary lacks.
     */
    public static Optional<Long> expectedFromSummary(MetricDefinition metric, CloudDocument summary) {
        if (metric.source() != MetricSource.FIRESTORE || !metric.counts() || metric.conditions().size() > 1) {
            return Optional.empty();
        }
        if (!(summary.fields().get(metric.collection()) instanceof Map<?, ?> collection)
                || !(collection.get("total") instanceof Number total)) {
            return Optional.empty();
        }
        if (metric.conditions().isEmpty()) {
            return Optional.of(total.longValue());
        }
        Condition condition = metric.conditions().get(0);
        if (!(collection.get(byFieldKey(condition.field())) instanceof Map<?, ?> byValue)) {
            return Optional.empty();
        }
        long matching = 0;
        for (Map.Entry<?, ?> entry : byValue.entrySet()) {
            if (!(entry.getValue() instanceof Number count)) {
                return Optional.empty(); // a summary we cannot read is no yardstick
            }
            if (condition.positive().matches(entry.getKey())) {
                matching += count.longValue();
            }
        }
        return Optional.of(condition.negative() ? total.longValue() - matching : matching);
    }

    /** {@code status} → {@code byStatus}. */
    static String byFieldKey(String field) {
        return "by" + Character.toUpperCase(field.charAt(0)) + field.substring(1);
    }
}
