package studio.brain.assist.anomaly;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A robust baseline of a metric: the median of its recent values and their median absolute deviation, scaled by
 * 1.4826 so that it estimates the standard deviation of normally distributed values. One outlier in the window
 * moves neither.
 *
 * @param count how many readable values it was computed from
 */
public record Baseline(double median, double mad, int count) {
    public static final double MAD_SCALE = 1.4826;

    /** Computes the baseline of these values; an empty list is refused. */
    public static Baseline of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a baseline needs at least one value");
        }
        double median = median(values);
        List<Double> deviations = new ArrayList<>(values.size());
        for (double v : values) {
            deviations.add(Math.abs(v - median));
        }
        return new Baseline(median, median(deviations), values.size());
    }

    /** The scaled MAD: a robust standard deviation. */
    public double spread() {
        return MAD_SCALE * mad;
    }

    /** {@code median + k × max(spread, minSpread)}: above it, a value is unusual. */
    public double upperBound(double k, double minSpread) {
        return median + k * Math.max(spread(), minSpread);
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }
}
