package studio.brain.intake;

import java.util.List;
import java.util.Map;

/**
 * The intake classifier's verdict on one request.
 *
 * @param category        the flagged category, or {@link #NONE}
 * @param confidence      in [0, 1]: the flagged category's score, or for {@code none} one minus the highest score
 * @param matchedRules    every rule that matched, as {@code category/id}, in rule-file order (near misses included)
 * @param rulePackVersion the {@code version} of the rule file that decided
 * @param scores          every declared category's score in [0, 1], in rule-file order
 */
public record Classification(String category, double confidence, List<String> matchedRules, String rulePackVersion,
        Map<String, Double> scores) {
    public static final String NONE = "none";

    public Classification {
        matchedRules = List.copyOf(matchedRules);
        scores = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(scores));
    }

    /** Whether the request is flagged. */
    public boolean flagged() {
        return !NONE.equals(category);
    }
}
