package studio.brain.state;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import studio.brain.cloud.CloudDocument;
import studio.brain.cloud.CloudReadException;
import studio.brain.cloud.DocumentSource;
import studio.brain.observability.EventLog;

/**
 * Checks a new snapshot's counters against the cloud's own daily summary (the document the portal's Cloud Functions
 * keep, path from {@code policies/studio-metrics.yaml}) and against the previous snapshot, with the absolute and
 * ratio thresholds of that file. A finding names the metric, what was expected, what was observed, the delta and
 * how far to trust it: {@code high} when both sides were read completely, {@code low} when the local side is partial.
 */
public final class DriftChecker implements StudioStateService.DriftCheck {
    private static final EventLog LOG = EventLog.of("state");
    static final String CLOUD_SUMMARY = "cloud-summary";
    static final String DAY_OVER_DAY = "day-over-day";

    private final StudioMetrics metrics;
    private final DocumentSource documents;

    public DriftChecker(StudioMetrics metrics, DocumentSource documents) {
        this.metrics = metrics;
        this.documents = documents;
    }

    @Override
    public StudioStateService.DriftReport check(LocalDate date, Map<String, Object> snapshot,
                                                Map<String, Object> previous) {
        List<DriftFinding> findings = new ArrayList<>();
        Map<String, Object> observed = StudioSnapshot.values(snapshot);
        DriftThresholds thresholds = metrics.drift();
        Optional<CloudDocument> summary = summary(thresholds.summaryPath(date));
        for (MetricDefinition metric : metrics.metrics()) {
            if (!(observed.get(metric.key()) instanceof Number value)) {
                continue;
            }
            String confidence = complete(snapshot, metric.key()) ? "high" : "low";
            summary.flatMap(s -> SummaryComparison.expectedFromSummary(metric, s)).ifPresent(expected -> {
                if (thresholds.forMetric(metric.key()).exceededBy(expected, value.longValue())) {
                    findings.add(finding(CLOUD_SUMMARY, metric.key(), expected, value.longValue(), confidence,
                            "differs from the cloud summary " + thresholds.summaryPath(date)));
                }
            });
            Object before = previous == null ? null : StudioSnapshot.values(previous).get(metric.key());
            if (before instanceof Number earlier
                    && thresholds.dayOverDay().exceededBy(earlier.longValue(), value.longValue())) {
                findings.add(finding(DAY_OVER_DAY, metric.key(), earlier.longValue(), value.longValue(),
                        complete(previous, metric.key()) && "high".equals(confidence) ? "medium" : "low",
                        "changed more than usual since the snapshot of " + previous.get("snapshotDate")));
            }
        }
        return new StudioStateService.DriftReport(findings, thresholds.summaryPath(date), summary.isPresent());
    }

    private Optional<CloudDocument> summary(String path) {
        try {
            return documents.get(path);
        } catch (CloudReadException e) {
            // No summary to compare with is not drift; the snapshot's own provenance says how its reads went.
            LOG.warn("studio_state.summary_unreadable", "path", path, "kind", e.kind().name());
            return Optional.empty();
        }
    }

    private static DriftFinding finding(String kind, String metric, long expected, long observed, String confidence,
                                        String detail) {
        return new DriftFinding(kind, metric, expected, observed, observed - expected, confidence, detail);
    }

    @SuppressWarnings("unchecked")
    private static boolean complete(Map<String, Object> snapshot, String key) {
        Object provenance = ((Map<String, Object>) snapshot.getOrDefault("provenance", Map.of())).get(key);
        return provenance instanceof Map<?, ?> p && "full".equals(p.get("completeness"));
    }
}
