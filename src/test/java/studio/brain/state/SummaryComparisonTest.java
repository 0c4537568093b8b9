package studio.brain.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.cloud.CloudDocument;
import studio.brain.cloud.ExportFileDocumentSource;

/** The cloud's daily summary read with the metrics' own case-insensitive rules. */
class SummaryComparisonTest {

    @TempDir
    Path dataDir;

    @Test
    void singleConditionMetricsAgreeWithTheSampleSummary() {
        StudioMetrics metrics = StudioMetrics.load(SampleStudioMetricsTest.POLICY);
        ExportFileDocumentSource export = ExportFileDocumentSource.sampleStudio(dataDir);
        CloudDocument summary = export.get(metrics.drift().summaryPath(LocalDate.of(2026, 11, 20))).orElseThrow();
        Map<String, Long> expected = SampleStudioScan.expected();

        for (String key : new String[] {"counts.batchesActive", "counts.batchesClosed", "counts.reservationsOpen",
                "counts.firingsScheduled", "counts.reportsOpen", "ops.agentRequestsPending",
                "finance.pendingOrders"}) {
            MetricDefinition metric = metrics.metric(key).orElseThrow();
            assertThat(SummaryComparison.expectedFromSummary(metric, summary)).as(key).contains(expected.get(key));
        }
    }

    @Test
    void theSummaryCountsRawValuesSoOddCasingsAreAddedIn() {
        StudioMetrics metrics = StudioMetrics.load(SampleStudioMetricsTest.POLICY);
        CloudDocument summary = ExportFileDocumentSource.sampleStudio(dataDir).get("studioMetrics/2026-11-20")
                .orElseThrow();
        // byStatus has "open": 11 and "Open": 1 beside triaged 2 and actioned 4.
        assertThat(SummaryComparison.expectedFromSummary(metrics.metric("counts.reportsOpen").orElseThrow(), summary))
                .contains(18L);
        // byState: 120 in all, CLOSED_CANCELLED 15, CLOSED_PICKED_UP 76, closed_picked_up 1.
        assertThat(SummaryComparison.expectedFromSummary(metrics.metric("counts.batchesActive").orElseThrow(),
                summary)).contains(28L);
    }

    @Test
    void theSummaryCannotAnswerEveryMetric() {
        StudioMetrics metrics = StudioMetrics.load(SampleStudioMetricsTest.POLICY);
        CloudDocument summary = ExportFileDocumentSource.sampleStudio(dataDir).get("studioMetrics/2026-11-20")
                .orElseThrow();
        assertThat(SummaryComparison.expectedFromSummary(metrics.metric("ops.highSeverityReports").orElseThrow(),
                summary)).as("two conditions").isEmpty();
        assertThat(SummaryComparison.expectedFromSummary(metrics.metric("finance.unsettledPayments").orElseThrow(),
                summary)).as("stripe").isEmpty();
        CloudDocument withoutBatches = new CloudDocument("studioMetrics/2026-11-21",
                Map.of("reservations", Map.of("total", 3L)), null);
        assertThat(SummaryComparison.expectedFromSummary(metrics.metric("counts.batchesActive").orElseThrow(),
                withoutBatches)).as("collection missing").isEmpty();
        assertThat(SummaryComparison.expectedFromSummary(metrics.metric("counts.reservationsOpen").orElseThrow(),
                withoutBatches)).as("byStatus missing").isEmpty();
    }

    @Test
    void thresholdsComeFromTheFile() {
        DriftThresholds drift = StudioMetrics.load(SampleStudioMetricsTest.POLICY).drift();
        assertThat(drift.forMetric("counts.batchesActive")).isEqualTo(new DriftThresholds.Threshold(2, 0.05));
        assertThat(drift.dayOverDay()).isEqualTo(new DriftThresholds.Threshold(25, 0.5));
        assertThat(drift.summaryPath(LocalDate.of(2026, 11, 20))).isEqualTo("studioMetrics/2026-11-20");
        // Drift only past both limits: 3 off 28 is over 2 and over 5 % of 28; 2 off is not over 2; 40 off 1000 is
        // over 2 but not over 5 % of 1000.
        assertThat(drift.defaults().exceededBy(28, 31)).isTrue();
        assertThat(drift.defaults().exceededBy(28, 30)).isFalse();
        assertThat(drift.defaults().exceededBy(1000, 1040)).isFalse();
    }
}
