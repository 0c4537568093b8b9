package studio.brain.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static studio.brain.cloud.FieldFilter.eq;
import static studio.brain.cloud.FieldFilter.gte;
import static studio.brain.cloud.FieldFilter.in;
import static studio.brain.cloud.FieldFilter.notIn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled sample studio, extracted from the classpath as the hub does with no project configured. */
class SampleStudioTest {
    private static final List<String> COLLECTIONS = List.of("batches", "reservations", "kilnFirings",
            "communityReports", "agentRequests", "materialsOrders", "studioMetrics");

    @TempDir
    Path dataDir;

    @Test
    void loadsAFewHundredDocumentsLabelledAsSampleData() {
        ExportFileDocumentSource source = ExportFileDocumentSource.sampleStudio(dataDir);
        assertThat(source.sampleData()).isTrue();
        assertThat(source.root()).isEqualTo(dataDir.resolve("sample-studio").toAbsolutePath());
        long total = COLLECTIONS.stream().mapToLong(c -> source.count(c, List.of())).sum();
        assertThat(total).isBetween(300L, 600L);
        assertThat(source.count("batches", List.of(eq("state", "FIRING")))).isGreaterThanOrEqualTo(1);
        assertThat(source.count("batches", List.of(eq("state", "open")))).isEqualTo(1);
        assertThat(source.count("communityReports", List.of(notIn("severity", "low", "medium", "high")))).isZero();
        assertThat(source.count("reservations", List.of(in("status", "CANCELLED", "Cancelled"))))
                .isGreaterThan(source.count("reservations", List.of(eq("status", "CANCELLED"))));
        assertThat(source.get("batches/batch-0003").orElseThrow().fields()).containsEntry("state", "FIRING")
                .containsEntry("updatedAt", Instant.parse("2026-10-13T15:00:00Z"));
        assertThat(source.sum("materialsOrders", "amountCents", List.of(eq("status", "paid")))).isPositive();
        Map<String, Object> metrics = source.get("studioMetrics/2026-11-20").orElseThrow().fields();
        assertThat(metrics).containsKeys("batches", "materialsOrders");
        assertThat(source.list("materialsOrders", List.of("status"), 1000)).hasSize(60);
    }

    @Test
    void itsPaymentsHoldThePlantedInconsistencies() {
        ExportFileDocumentSource documents = ExportFileDocumentSource.sampleStudio(dataDir);
        ExportFilePaymentSource payments = ExportFilePaymentSource.sampleStudio(dataDir);
        assertThat(payments.sampleData()).isTrue();
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        Instant to = Instant.parse("2027-01-01T00:00:00Z");
        for (PaymentObject object : PaymentObject.values()) {
            assertThat(payments.list(object, from, to)).as(object.name()).isNotEmpty()
                    .allSatisfy(o -> assertThat(o).containsEntry("object", object.objectName()));
        }
        List<Map<String, Object>> intents = payments.list(PaymentObject.PAYMENT_INTENTS, from, to);
        Set<String> orderIds = documents.list("materialsOrders", List.of(), 1000).stream()
                .map(CloudDocument::id).collect(Collectors.toSet());
        assertThat(intents).filteredOn(pi -> "succeeded".equals(pi.get("status"))
                        && !orderIds.contains(((Map<?, ?>) pi.get("metadata")).get("orderId")))
                .as("a succeeded payment with no order").hasSize(1);
        assertThat(intents).filteredOn(pi -> "succeeded".equals(pi.get("status"))
                        && "mo-0024".equals(((Map<?, ?>) pi.get("metadata")).get("orderId")))
                .as("a duplicate charge").hasSize(2);
        String paidButProcessing = (String) documents.get("materialsOrders/mo-0012").orElseThrow().fields()
                .get("stripePaymentIntentId");
        assertThat(intents).filteredOn(pi -> pi.get("id").equals(paidButProcessing))
                .singleElement().satisfies(pi -> assertThat(pi.get("status")).isEqualTo("processing"));
        assertThat(documents.count("batches", List.of(eq("state", "FIRING"),
                FieldFilter.lt("updatedAt", Instant.parse("2026-10-20T00:00:00Z"))))).isEqualTo(1);
    }

    @Test
    void extractsOnceAndAgainWhenTheCopyIsStale() throws Exception {
        Path first = SampleStudio.extract(dataDir);
        Path marker = first.resolve("batches/batch-0001.json");
        Files.writeString(marker, "{\"edited\": true}");
        assertThat(SampleStudio.extract(dataDir)).isEqualTo(first);
        assertThat(Files.readString(marker)).as("an up-to-date copy is reused").contains("edited");
        Files.writeString(first.resolve(SampleStudio.INDEX_FILE), "{\"files\": []}");
        SampleStudio.extract(dataDir);
        assertThat(Files.readString(marker)).as("a stale copy is replaced").doesNotContain("edited");
        try (var siblings = Files.list(dataDir)) {
            assertThat(siblings).as("no temporary folders are left behind").containsExactly(first);
        }
        assertThat(ExportFileDocumentSource.sampleStudio(dataDir).count("batches", List.of(gte("pieceCount", 1))))
                .isEqualTo(120);
    }
}
