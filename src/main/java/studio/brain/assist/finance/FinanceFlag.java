package studio.brain.assist.finance;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import studio.brain.hash.ContentHash;

/**
 * One discrepancy found by a reconciliation run. Nothing in it is personal: the summary holds numbers and ids.
 *
 * @param ruleId            the rule that raised it ({@code FIN-RNP-1}, …), documented in docs/finance-reconciliation.md
 * @param discrepancyClass  one of {@link Reconciler#CLASSES}
 * @param severity          {@code high}, {@code medium} or {@code low}
 * @param confidence        0..1, how sure the rule is that this is a real discrepancy
 * @param evidence          the records it rests on: {@code order:mo-0012}, {@code pi_…}, {@code ch_…}, {@code re_…},
 *                          {@code po_…}, {@code txn_…}, {@code stripe-read}
 * @param sourceHash        the content hash of the evidence records as read
 * @param summary           what is wrong, in numbers and ids
 */
public record FinanceFlag(String ruleId, String discrepancyClass, String severity, double confidence,
        List<String> evidence, String sourceHash, String summary) {

    public static final String HIGH = "high";
    public static final String MEDIUM = "medium";
    public static final String LOW = "low";

    public FinanceFlag {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(discrepancyClass, "discrepancyClass");
        Objects.requireNonNull(severity, "severity");
        evidence = List.copyOf(evidence);
        if (confidence < 0 || confidence > 1) {
            throw new IllegalArgumentException("confidence must be within 0..1, was " + confidence);
        }
    }

    /**
     * The key that names this discrepancy across runs: the class and the sorted evidence ids, hashed. A later run
     * that finds the same discrepancy gives the same key, whatever else changed.
     */
    public String dedupeKey() {
        return ContentHash.of(Map.of("class", discrepancyClass, "evidence", List.copyOf(new TreeSet<>(evidence))));
    }

    public int severityRank() {
        return switch (severity) {
            case HIGH -> 0;
            case MEDIUM -> 1;
            default -> 2;
        };
    }
}
