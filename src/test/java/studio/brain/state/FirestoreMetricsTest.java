package studio.brain.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.cloud.ExportFileDocumentSource;
import studio.brain.cloud.ExportFilePaymentSource;
import studio.brain.cloud.FakeFirestoreHandle;
import studio.brain.cloud.FirestoreDocumentSource;

/** The metrics against real Firestore clients on the fake, seeded with the sample studio's documents. */
class FirestoreMetricsTest {
    private static final String[] COLLECTIONS = {"batches", "reservations", "kilnFirings", "communityReports",
            "agentRequests", "materialsOrders"};

    @TempDir
    Path dataDir;

    private FakeFirestoreHandle fake;
    private FirestoreDocumentSource firestore;
    private ExportFileDocumentSource export;
    private ExportFilePaymentSource payments;
    private StudioMetrics metrics;

    @BeforeEach
    void seed() {
        export = ExportFileDocumentSource.sampleStudio(dataDir);
        payments = ExportFilePaymentSource.sampleStudio(dataDir);
        fake = FakeFirestoreHandle.start().seedFrom(export, COLLECTIONS);
        firestore = fake.client(Duration.ofSeconds(10));
        metrics = StudioMetrics.load(SampleStudioMetricsTest.POLICY);
    }

    @AfterEach
    void stop() {
        firestore.close();
        fake.close();
    }

    @Test
    void firestoreGivesTheExportsNumbersWithAggregationReadsOnly() {
        List<MetricReading> fromFirestore = read(Duration.ofSeconds(20));
        List<MetricReading> fromExport = new MetricReader(metrics, SampleStudioMetricsTest.CLOCK).readAll(export,
                payments, SampleStudioScan.EXPORTED_AT, Duration.ofSeconds(20));

        for (int i = 0; i < fromExport.size(); i++) {
            MetricReading cloud = fromFirestore.get(i);
            MetricReading file = fromExport.get(i);
            assertThat(cloud.key()).isEqualTo(file.key());
            assertThat(cloud.value()).as(cloud.key()).isEqualTo(file.value());
            // The same queries with the same answers: the same input hash, whichever source answered.
            assertThat(cloud.inputHash()).as(cloud.key()).isEqualTo(file.inputHash());
            assertThat(cloud.completeness()).isEqualTo("full");
            if (cloud.source().equals("firestore")) {
                assertThat(cloud.warnings()).isEmpty(); // Firestore is not sample data
            }
        }
        assertThat(fromFirestore.get(0).source()).isEqualTo("firestore");
        assertThat(fromFirestore).filteredOn(r -> r.key().startsWith("finance.unsettled"))
                .extracting(MetricReading::source).containsExactly("export-file");

        long queries = metrics.metrics().stream().filter(m -> m.source() == MetricSource.FIRESTORE)
                .mapToLong(m -> DocumentMetricRead.queriesOf(m).size()).sum();
        assertThat(fake.calls("RunAggregationQuery")).isEqualTo((int) queries);
        assertThat(fake.calls("RunQuery")).isZero();
        assertThat(fake.calls("BatchGetDocuments")).isZero();
        assertThat(fake.billedReads()).isLessThanOrEqualTo(queries);
    }

    @Test
    void aSlowCollectionLeavesItsMetricsPartialAndTheOthersFull() {
        fake.delay("communityReports", Duration.ofSeconds(5));
        Map<String, MetricReading> readings = byKey(read(Duration.ofMillis(1500)));

        for (String key : List.of("counts.reportsOpen", "ops.highSeverityReports")) {
            MetricReading reading = readings.get(key);
            assertThat(reading.value()).isNull();
            assertThat(reading.completeness()).isEqualTo("partial");
            assertThat(reading.warnings()).containsExactly("read failed: TIMEOUT");
            assertThat(reading.source()).isEqualTo("firestore");
            assertThat(reading.inputHash()).isNull();
        }
        assertThat(readings.values()).filteredOn(r -> !r.key().contains("Reports") && !r.key().contains("reports"))
                .allSatisfy(r -> {
                    assertThat(r.completeness()).isEqualTo("full");
                    assertThat(r.value()).isNotNull();
                });
    }

    @Test
    void aFailingCollectionNamesTheKindOfFailureOnly() {
        fake.fail("materialsOrders", Status.Code.PERMISSION_DENIED);
        Map<String, MetricReading> readings = byKey(read(Duration.ofSeconds(20)));

        MetricReading orders = readings.get("finance.pendingOrders");
        assertThat(orders.value()).isNull();
        assertThat(orders.completeness()).isEqualTo("partial");
        assertThat(orders.warnings()).containsExactly("read failed: AUTH");
        assertThat(readings.get("counts.batchesActive").complete()).isTrue();
        assertThat(readings.get("counts.batchesActive").value())
                .isEqualTo(SampleStudioScan.expected().get("counts.batchesActive"));
    }

    @Test
    void sumsAreTakenServerSideAndAgreeWithTheFiles() {
        StudioMetrics sums = StudioMetrics.parse(Path.of("sums.yaml"), """
                schemaVersion: "3.0"
                metrics:
                  - key: finance.paidOrderCents
                    source: firestore
                    collection: materialsOrders
                    where:
                      - { field: status, equals: paid }
                    sum: amountCents
                  - key: finance.unpaidOrderCents
                    source: firestore
                    collection: materialsOrders
                    where:
                      - { field: status, notIn: [paid] }
                    sum: amountCents
                drift:
                  cloudSummary: "studioMetrics/{date}"
                  thresholds: { default: { absolute: 2, ratio: 0.05 } }
                  dayOverDay: { absolute: 25, ratio: 0.5 }
                """);
        long paid = SampleStudioScan.records("materialsOrders").stream()
                .filter(r -> SampleStudioScan.isOneOf(r, "status", "paid") && r.get("amountCents") instanceof Number)
                .mapToLong(r -> ((Number) r.get("amountCents")).longValue()).sum();
        long unpaid = SampleStudioScan.records("materialsOrders").stream()
                .filter(r -> !SampleStudioScan.isOneOf(r, "status", "paid") && r.get("amountCents") instanceof Number)
                .mapToLong(r -> ((Number) r.get("amountCents")).longValue()).sum();
        MetricReader reader = new MetricReader(sums, SampleStudioMetricsTest.CLOCK);

        for (var docs : List.of(firestore, export)) {
            List<MetricReading> readings = reader.readAll(docs, payments, SampleStudioScan.EXPORTED_AT,
                    Duration.ofSeconds(20));
            assertThat(readings).extracting(MetricReading::value).as(docs.kind()).containsExactly(paid, unpaid);
        }
        assertThat(fake.calls("RunQuery")).isZero();
    }

    private List<MetricReading> read(Duration timeout) {
        return new MetricReader(metrics, SampleStudioMetricsTest.CLOCK).readAll(firestore, payments,
                SampleStudioScan.EXPORTED_AT, timeout);
    }

    private static Map<String, MetricReading> byKey(List<MetricReading> readings) {
        return readings.stream().collect(Collectors.toMap(MetricReading::key, Function.identity()));
    }
}
