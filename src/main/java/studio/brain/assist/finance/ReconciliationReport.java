package studio.brain.assist.finance;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one reconciliation run: its flags in a fixed order and the summary of the run.
 *
 * @param flags                     sorted by severity, class, rule and evidence
 * @param countsByClassAndSeverity  every class, each with {@code high}, {@code medium} and {@code low} counts
 * @param recordsRead               how many records of each kind were reconciled (after duplicates were merged)
 * @param duplicateRecordsMerged    how many repeated records (same id, as webhooks repeat them) were merged
 * @param generatedAt               the run's {@code now}
 * @param stripeReadAt              when the Stripe records were read
 * @param rules                     the thresholds used
 */
public record ReconciliationReport(List<FinanceFlag> flags, Map<String, Map<String, Integer>> countsByClassAndSeverity,
        Map<String, Integer> recordsRead, int duplicateRecordsMerged, Instant generatedAt, Instant stripeReadAt,
        ReconciliationRules rules) {

    public ReconciliationReport {
        flags = List.copyOf(flags);
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        countsByClassAndSeverity.forEach((k, v) -> counts.put(k, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(v))));
        countsByClassAndSeverity = java.util.Collections.unmodifiableMap(counts);
        recordsRead = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(recordsRead));
    }

    public List<FinanceFlag> flagsOf(String discrepancyClass) {
        return flags.stream().filter(f -> f.discrepancyClass().equals(discrepancyClass)).toList();
    }

    /** The run summary as plain JSON-ready values: counts by class and severity, records read, totals. */
    public Map<String, Object> summary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("generatedAt", generatedAt.toString());
        summary.put("stripeReadAt", stripeReadAt == null ? null : stripeReadAt.toString());
        summary.put("flags", flags.size());
        summary.put("countsByClassAndSeverity", countsByClassAndSeverity);
        summary.put("recordsRead", recordsRead);
        summary.put("duplicateRecordsMerged", duplicateRecordsMerged);
        summary.put("moneyMoved", false);
        return summary;
    }
}
