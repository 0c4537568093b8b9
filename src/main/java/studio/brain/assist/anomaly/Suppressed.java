package studio.brain.assist.anomaly;

import java.time.Instant;

/**
 * A rule that hit but was not drafted, and why.
 *
 * @param until when the suppression ends (the cooldown or dismissal window)
 */
public record Suppressed(String ruleId, String group, Reason reason, String detail, Instant until) {
    public enum Reason {
        /** The rule was drafted recently; its cooldown has not elapsed. */
        COOLDOWN,
        /** Staff dismissed a draft of this rule as a false positive; the suppression window is still open. */
        DISMISSED
    }
}
