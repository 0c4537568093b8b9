package studio.brain.scorecard;

import java.util.Map;
import java.util.Optional;

/**
 * {@code scorecard.yaml} as read: every indicator's {@link Threshold}, the file's version and hash (recorded with
 * each breach and recovery), and the notify.webhook channel breaches are proposed to, if any.
 */
public record ScorecardPolicy(String version, String hash, Map<Indicator, Threshold> thresholds,
                              Optional<String> alertChannel) {

    public ScorecardPolicy {
        thresholds = Map.copyOf(thresholds);
    }

    public Threshold of(Indicator indicator) {
        return thresholds.get(indicator);
    }
}
