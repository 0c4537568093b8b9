package studio.brain.assist.anomaly;

import java.util.List;
import java.util.Map;

/**
 * What one scan found.
 *
 * @param drafts       the ops drafts to propose
 * @param suppressed   rules that hit but were held back by a cooldown or a dismissal
 * @param hitsByRule   per rule, 1 when both its static threshold and its baseline agreed this scan (before any
 *                     throttling), else 0; every rule is listed
 * @param notEvaluated rules that could not be judged, with the reason (a metric unread, too little history)
 * @param next         the state to keep for the next scan (emission times, live dismissals)
 */
public record ScanResult(List<OpsDraft> drafts, List<Suppressed> suppressed, Map<String, Integer> hitsByRule,
                         List<String> notEvaluated, ScanState next) {
    public ScanResult {
        drafts = List.copyOf(drafts);
        suppressed = List.copyOf(suppressed);
        hitsByRule = Map.copyOf(hitsByRule);
        notEvaluated = List.copyOf(notEvaluated);
    }
}
