package studio.brain.scorecard;

import java.util.Optional;

/**
 * What one indicator measured: a value in its unit and what it rests on ("118 of 120 transitions"), or no value and
 * why it could not be computed. A missing value is reported as unknown, never replaced by a guess.
 */
public record Reading(Optional<Double> value, String detail) {

    public static Reading of(double value, String detail) {
        return new Reading(Optional.of(value), detail);
    }

    public static Reading unknown(String why) {
        return new Reading(Optional.empty(), why);
    }

    /** A share in percent, rounded to two decimals, of {@code good} in {@code total} (total above zero). */
    static double percent(long good, long total) {
        return Math.round(10_000.0 * good / total) / 100.0;
    }

    /** Hours from seconds, rounded to two decimals. */
    static double hours(double seconds) {
        return Math.round(seconds / 36.0) / 100.0;
    }
}
