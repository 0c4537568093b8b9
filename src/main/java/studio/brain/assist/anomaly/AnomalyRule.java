package studio.brain.assist.anomaly;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One rule of {@code policies/anomaly-rules.yaml}. The file's header documents each field.
 *
 * @param metrics         the snapshot values it reads ({@code counts.batchesActive}); for a ratio, numerator then
 *                        denominator; none for device and staleness rules
 * @param threshold       the static threshold of a metric rule: the value (or ratio) must be at least this
 * @param age             the static threshold of a device {@code offline} rule or a staleness rule: how long unseen
 * @param minimum         ratio rules only: the numerator must be at least this, so 3 batches and no firing is quiet
 * @param rising          accumulation rules only: the value must have gone up at each of this many snapshot steps
 * @param condition       device rules only: {@code offline} or {@code alert}
 * @param codes           device {@code alert} rules: the alert codes that count
 * @param deviceKinds     device rules: the kinds of device looked at; empty means all
 * @param baseline        the robust baseline; {@code null} for device and staleness rules, which have no history
 * @param line            where the rule starts in its file
 */
public record AnomalyRule(String id, Kind kind, List<String> metrics, double threshold, Duration age, double minimum,
                          int rising, String condition, Set<String> codes, Set<String> deviceKinds,
                          BaselineSpec baseline, String severity, Duration cooldown, Duration suppressAfterDismissal,
                          String group, String title, String rationale, String recommendation, int line) {

    public enum Kind {
        RATIO, SPIKE, ACCUMULATION, THRESHOLD, DEVICE, STALENESS;

        static Kind parse(String text) {
            for (Kind kind : values()) {
                if (kind.name().equalsIgnoreCase(text)) {
                    return kind;
                }
            }
            return null;
        }

        /** Whether the rule reads snapshot metrics and so has a baseline over the history. */
        public boolean usesMetrics() {
            return this != DEVICE && this != STALENESS;
        }
    }

    /**
     * @param window     how many of the latest history snapshots it is computed over
     * @param k          how many scaled MADs above the median a value must be
     * @param minHistory how many readable values the window must hold for the baseline to count
     * @param minSpread  a floor under the scaled MAD, so a metric that never moves does not alert on +1
     * @param whenShort  with too little history: {@code static} (the static threshold decides alone, and the draft
     *                   says so) or {@code quiet} (no hit)
     */
    public record BaselineSpec(int window, double k, int minHistory, double minSpread, String whenShort) {
    }

    /** The severities, lowest first. */
    public static final List<String> SEVERITIES = List.of("low", "medium", "high");

    static int rank(String severity) {
        return SEVERITIES.indexOf(severity);
    }
}
