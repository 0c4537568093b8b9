package studio.brain.scorecard;

import java.time.Duration;
import java.util.Optional;

/**
 * One indicator's line of {@code scorecard.yaml}: its warning and critical thresholds (in the indicator's unit and
 * direction), who owns it, what to do about it, and how far back it counts when it looks back.
 */
public record Threshold(Indicator indicator, double warning, double critical, String owner, String note,
                        Optional<Duration> window) {

    /** The status of a value: beyond critical, beyond warning, or ok; "beyond" in the indicator's direction. */
    public Status statusOf(double value) {
        if (indicator.unit().higherIsWorse()) {
            return value > critical ? Status.CRITICAL : value > warning ? Status.WARNING : Status.OK;
        }
        return value < critical ? Status.CRITICAL : value < warning ? Status.WARNING : Status.OK;
    }
}
