package studio.brain.state;

import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;

/**
 * How far StudioState may stray before it is called drift: from the cloud's daily summary document (per metric,
 * with a default) and from the day before ({@code dayOverDay}).
 *
 * @param cloudSummary the summary document's path with a {@code {date}} placeholder, e.g. {@code studioMetrics/{date}}
 * @param defaults     the limits of a metric that has no override
 * @param perMetric    overrides by metric key
 * @param dayOverDay   the limits between one day's reading and the next
 */
public record DriftThresholds(String cloudSummary, Threshold defaults, Map<String, Threshold> perMetric,
                              Threshold dayOverDay) {

    public static final String DATE_PLACEHOLDER = "{date}";

    public DriftThresholds {
        Objects.requireNonNull(cloudSummary, "cloudSummary");
        Objects.requireNonNull(defaults, "defaults");
        Objects.requireNonNull(dayOverDay, "dayOverDay");
        perMetric = Map.copyOf(perMetric);
    }

    public Threshold forMetric(String key) {
        return perMetric.getOrDefault(key, defaults);
    }

    /** The summary document's path for a day, e.g. {@code studioMetrics/2026-11-20}. */
    public String summaryPath(LocalDate day) {
        return cloudSummary.replace(DATE_PLACEHOLDER, day.toString());
    }

    /**
     * A tolerated difference. A difference is drift only when it is larger than both limits: the absolute one keeps
     * small counts (2 against 3 is +50 %) from raising alarms, the ratio one keeps large counts from doing so over a
     * handful of records.
     *
     * @param absolute records (or units of a sum) of difference tolerated
     * @param ratio    difference tolerated as a share of the expected value
     */
    public record Threshold(long absolute, double ratio) {

        public Threshold {
            if (absolute < 0 || ratio < 0 || Double.isNaN(ratio) || Double.isInfinite(ratio)) {
                throw new IllegalArgumentException("a threshold needs absolute >= 0 and a finite ratio >= 0");
            }
        }

        public boolean exceededBy(long expected, long actual) {
            long difference = Math.abs(actual - expected);
            return difference > absolute && difference > ratio * Math.abs(expected);
        }
    }
}
