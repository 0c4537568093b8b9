package studio.brain.assist.anomaly;

import java.util.List;

/**
 * An ops note proposed to staff: one rule's hit, or several related hits of one group merged into one draft.
 *
 * @param ruleId         the lead rule (the most severe hit of the draft)
 * @param group          the group its rules belong to
 * @param severity       {@code low}, {@code medium} or {@code high}: the highest of the draft's hits
 * @param rationale      what was seen, with the numbers, one line per hit
 * @param explanation    why it was emitted: threshold against baseline, and the cooldown, grouping and suppression
 *                       notes
 * @param dedupeKey      the same for the same group, rules and snapshot day, so a repeated scan proposes nothing new
 * @param ruleIds        every rule in the draft, the lead first; a dismissal covers them all
 */
public record OpsDraft(String ruleId, String group, String severity, String title, String rationale,
                       String recommendation, List<String> explanation, String dedupeKey, List<String> ruleIds) {
    public OpsDraft {
        explanation = List.copyOf(explanation);
        ruleIds = List.copyOf(ruleIds);
    }
}
