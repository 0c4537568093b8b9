package studio.brain.assist.anomaly;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the detector remembers between scans, as plain data for the caller to persist: when each rule and each group
 * was last drafted, and the dismissals whose suppression window is still open.
 */
public record ScanState(Map<String, Instant> lastEmittedByRule, Map<String, Instant> lastEmittedByGroup,
                        List<Dismissal> dismissals) {
    public static final ScanState EMPTY = new ScanState(Map.of(), Map.of(), List.of());

    public ScanState {
        lastEmittedByRule = Map.copyOf(lastEmittedByRule);
        lastEmittedByGroup = Map.copyOf(lastEmittedByGroup);
        dismissals = List.copyOf(dismissals);
    }

    /**
     * Staff dismissed a draft of a rule as a false positive: the rule stays quiet until {@code until}.
     *
     * @param dedupeKey the dismissed draft's key
     */
    public record Dismissal(String ruleId, String dedupeKey, Instant dismissedAt, Instant until) {
    }

    /**
     * The state after staff dismiss this draft as a false positive at {@code at}: each of its rules is suppressed for
     * that rule's {@code suppressAfterDismissal}. A rule no longer in {@code rules} is skipped.
     */
    public ScanState dismiss(OpsDraft draft, Instant at, AnomalyRules rules) {
        return dismiss(draft.ruleIds(), draft.dedupeKey(), at, rules);
    }

    /** The same, for a draft known by its rules and dedupe key (as a proposal carries them). */
    public ScanState dismiss(List<String> ruleIds, String dedupeKey, Instant at, AnomalyRules rules) {
        List<Dismissal> next = new ArrayList<>(dismissals);
        for (String ruleId : ruleIds) {
            rules.rule(ruleId).ifPresent(rule -> next.add(new Dismissal(ruleId, dedupeKey, at,
                    at.plus(rule.suppressAfterDismissal()))));
        }
        return new ScanState(lastEmittedByRule, lastEmittedByGroup, next);
    }

    /** The open dismissal of this rule that lasts longest, if any. */
    Dismissal openDismissal(String ruleId, Instant now) {
        Dismissal found = null;
        for (Dismissal d : dismissals) {
            if (d.ruleId().equals(ruleId) && d.until().isAfter(now)
                    && (found == null || d.until().isAfter(found.until()))) {
                found = d;
            }
        }
        return found;
    }

    ScanState afterScan(List<OpsDraft> drafts, Instant now) {
        Map<String, Instant> byRule = new LinkedHashMap<>(lastEmittedByRule);
        Map<String, Instant> byGroup = new LinkedHashMap<>(lastEmittedByGroup);
        for (OpsDraft draft : drafts) {
            draft.ruleIds().forEach(id -> byRule.put(id, now));
            byGroup.put(draft.group(), now);
        }
        List<Dismissal> open = dismissals.stream().filter(d -> d.until().isAfter(now)).toList();
        return new ScanState(byRule, byGroup, open);
    }
}
