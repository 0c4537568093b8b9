package studio.brain.state;

/**
 * A local counter that disagrees with what it is checked against, beyond the thresholds: the cloud's own daily
 * summary ({@code cloud-summary}) or the previous snapshot ({@code day-over-day}). Counts only, never personal data.
 */
public record DriftFinding(String kind, String metric, long expected, long observed, long delta, String confidence,
                           String detail) {
}
