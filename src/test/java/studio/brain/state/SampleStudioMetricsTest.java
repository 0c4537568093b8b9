package studio.brain.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.cloud.ExportFileDocumentSource;
import studio.brain.cloud.ExportFilePaymentSource;
import studio.brain.hash.ContentHash;

/** Every metric of the policy file over the bundled sample studio, against numbers worked out from its files. */
class SampleStudioMetricsTest {
    static final Path POLICY = Path.of("policies/studio-metrics.yaml");
    static final Clock CLOCK = Clock.fixed(SampleStudioScan.EXPORTED_AT.plusSeconds(5), ZoneOffset.UTC);

    @TempDir
    Path dataDir;

    @Test
    void everyMetricMatchesTheSampleFilesCaseInsensitively() {
        StudioMetrics metrics = StudioMetrics.load(POLICY);
        List<MetricReading> readings = new MetricReader(metrics, CLOCK).readAll(
                ExportFileDocumentSource.sampleStudio(dataDir), ExportFilePaymentSource.sampleStudio(dataDir),
                SampleStudioScan.EXPORTED_AT, Duration.ofSeconds(20));

        assertThat(readings).extracting(MetricReading::key)
                .containsExactlyElementsOf(metrics.metrics().stream().map(MetricDefinition::key).toList());
        Map<String, Long> expected = SampleStudioScan.expected();
        assertThat(expected.keySet()).containsExactlyInAnyOrderElementsOf(
                readings.stream().map(MetricReading::key).toList());
        Map<String, Long> actual = readings.stream()
                .collect(Collectors.toMap(MetricReading::key, MetricReading::value));
        assertThat(actual).isEqualTo(expected);
        for (MetricReading reading : readings) {
            assertThat(reading.completeness()).isEqualTo("full");
            assertThat(reading.source()).isEqualTo("export-file");
            assertThat(reading.readAt()).isEqualTo(CLOCK.instant());
            assertThat(reading.warnings()).containsExactly(MetricReader.SAMPLE_DATA_WARNING);
            assertThat(ContentHash.isHash(reading.inputHash())).isTrue();
        }
    }

    @Test
    void theOddCasingsAndMissingFieldsAreCounted() {
        Map<String, MetricReading> readings = readSample();
        // batch-0058 is "closed_picked_up", batch-0013 "open": the exact spelling alone would miss both.
        long closedExactly = SampleStudioScan.count("batches", r -> String.valueOf(r.get("state")).startsWith("CLOSED_"));
        assertThat(readings.get("counts.batchesClosed").value()).isEqualTo(closedExactly + 1);
        // res-0009 "Cancelled" is not open; res-0040 "confirmed" is.
        long openExactly = SampleStudioScan.count("reservations",
                r -> !List.of("CANCELLED", "COMPLETED", "DECLINED", "CLOSED").contains(r.get("status")));
        assertThat(readings.get("counts.reservationsOpen").value()).isEqualTo(openExactly - 1);
        // rep-0012 has no severity: not high, whatever its status.
        assertThat(readings.get("ops.highSeverityReports").value())
                .isEqualTo(SampleStudioScan.count("communityReports",
                        r -> "high".equals(r.get("severity")) && SampleStudioScan.isOneOf(r, "status", "open",
                                "triaged", "actioned")));
        // mo-0019 "Paid" is paid, so not pending.
        assertThat(readings.get("finance.pendingOrders").value())
                .isEqualTo(SampleStudioScan.count("materialsOrders", r -> "pending".equals(r.get("status"))));
    }

    @Test
    void aRecordWithoutTheFieldCountsAsNotInTheList() {
        StudioMetrics metrics = StudioMetrics.parse(Path.of("missing-field.yaml"), """
                schemaVersion: "3.0"
                metrics:
                  - key: ops.reportsNotHigh
                    source: firestore
                    collection: communityReports
                    where:
                      - { field: severity, notIn: [high] }
                drift:
                  cloudSummary: "studioMetrics/{date}"
                  thresholds: { default: { absolute: 2, ratio: 0.05 } }
                  dayOverDay: { absolute: 25, ratio: 0.5 }
                """);
        MetricReading reading = new MetricReader(metrics, CLOCK).readAll(ExportFileDocumentSource.sampleStudio(dataDir),
                ExportFilePaymentSource.sampleStudio(dataDir), SampleStudioScan.EXPORTED_AT, Duration.ofSeconds(20))
                .get(0);
        assertThat(reading.value()).isEqualTo(SampleStudioScan.count("communityReports",
                r -> !SampleStudioScan.isOneOf(r, "severity", "high")));
        assertThat(SampleStudioScan.count("communityReports", r -> !r.containsKey("severity"))).isEqualTo(1);
    }

    private Map<String, MetricReading> readSample() {
        return new MetricReader(StudioMetrics.load(POLICY), CLOCK).readAll(
                        ExportFileDocumentSource.sampleStudio(dataDir), ExportFilePaymentSource.sampleStudio(dataDir),
                        SampleStudioScan.EXPORTED_AT, Duration.ofSeconds(20))
                .stream().collect(Collectors.toMap(MetricReading::key, Function.identity()));
    }
}
