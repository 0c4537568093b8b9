package studio.brain.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.cloud.FakeFirestoreHandle;
import studio.brain.testing.TestHub;

/** StudioState on a running hub: the sample studio out of the box, and Firestore through its emulator variable. */
class StudioStateHubTest {

    @TempDir
    Path work;

    @Test
    void aFreshHubShowsTheSampleStudioWithProvenanceAndASecondComputeShowsADiff() throws Exception {
        Map<String, String> env = TestHub.env(work);
        withStudioStateRoute(env);
        try (TestHub hub = TestHub.start(env)) {
            JsonNode latest = awaitSnapshot(hub);
            assertThat(latest.get("derivedFrom").asText()).isEqualTo("cloud");
            assertThat(latest.get("sampleData").asBoolean()).isTrue();
            assertThat(latest.get("stale").asBoolean()).isFalse();
            assertThat(latest.path("sourceTimestamps").path("firestoreReadAt").asText()).isNotEmpty();
            JsonNode snapshot = latest.get("snapshot");
            assertThat(snapshot.get("snapshotDate").asText()).isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
            assertThat(snapshot.get("completeness").asText()).isEqualTo("full");
            assertThat(snapshot.path("counts").path("batchesActive").isNumber()).isTrue();
            assertThat(snapshot.path("provenance")).hasSize(9);
            snapshot.path("provenance").forEach(p -> {
                assertThat(p.get("source").asText()).isEqualTo("export-file");
                assertThat(p.get("completeness").asText()).isEqualTo("full");
                assertThat(p.get("warnings").toString()).contains("sample data");
            });

            HttpResponse<String> computed = hub.send("POST", "/api/studio-state/snapshots", hub.staffHeaders());
            assertThat(computed.statusCode()).as(computed.body()).isEqualTo(201);
            assertThat(TestHub.json(computed).get("recomputed").asBoolean()).isTrue();
            // The sample's summary document is for the day of its export, not today: no reference, not drift.
            assertThat(TestHub.json(computed).get("cloudSummary").asText()).startsWith("no reference: studioMetrics/");
            JsonNode diffs = TestHub.json(hub.get("/api/studio-state/diffs?limit=5")).get("diffs");
            assertThat(diffs).hasSize(2);
            assertThat(diffs.get(0).get("reason").asText()).isEqualTo("on demand");
            assertThat(diffs.get(0).get("previousDate").asText()).isEqualTo(snapshot.get("snapshotDate").asText());
            assertThat(diffs.get(1).get("previousDate").isNull()).isTrue();
            assertThat(diffs.get(1).get("changedCount").asInt()).isEqualTo(9);
            JsonNode byDate = TestHub.json(hub.get("/api/studio-state/" + snapshot.get("snapshotDate").asText()));
            assertThat(byDate.get("recomputeNote").asText()).contains("on demand");

            assertThat(hub.get("/api/studio-state/yesterday").statusCode()).isEqualTo(404);
            assertThat(hub.get("/api/studio-state/diffs?limit=0").statusCode()).isEqualTo(400);
            assertThat(TestHub.json(hub.get("/api/studio-state/1999-01-01")).get("snapshot").isNull()).isTrue();
            assertThat(hub.send("GET", "/api/studio-state/latest", Map.of()).statusCode()).isEqualTo(401);

            JsonNode audit = TestHub.json(hub.get("/api/audit?action=studio_state.computed"));
            assertThat(audit.get("events")).hasSize(2);
            JsonNode ready = TestHub.json(hub.get("/readyz"));
            assertThat(ready.path("checks").path("studioState").path("status").asText()).isEqualTo("fresh");
            assertThat(hub.get("/metrics").body()).contains("studio_brain_state_age_seconds");
        }
    }

    @Test
    void withAProjectAndTheEmulatorVariableTheHubCountsOnThatServer() throws Exception {
        try (FakeFirestoreHandle firestore = FakeFirestoreHandle.start()) {
            firestore.seed("batches", "b1", Map.of("state", "FIRING"))
                    .seed("batches", "b2", Map.of("state", "closed_picked_up"))
                    .seed("batches", "b3", Map.of("state", "Open"))
                    .seed("communityReports", "r1", Map.of("status", "open", "severity", "HIGH"))
                    .seed("studioMetrics", LocalDate.now(ZoneOffset.UTC).toString(), Map.of(
                            "batches", Map.of("total", 40L, "byState", Map.of("FIRING", 30L, "CLOSED_PICKED_UP", 10L))));
            Map<String, String> env = TestHub.env(work);
            env.put("STUDIO_BRAIN_FIRESTORE_PROJECT_ID", "demo-studio");
            env.put("FIRESTORE_EMULATOR_HOST", firestore.hostPort());
            withStudioStateRoute(env);
            try (TestHub hub = TestHub.start(env)) {
                JsonNode latest = awaitSnapshot(hub);
                assertThat(latest.get("sampleData").asBoolean()).isFalse();
                JsonNode snapshot = latest.get("snapshot");
                assertThat(snapshot.path("counts").path("batchesActive").asLong()).isEqualTo(2);
                assertThat(snapshot.path("counts").path("batchesClosed").asLong()).isEqualTo(1);
                assertThat(snapshot.path("ops").path("highSeverityReports").asLong()).isEqualTo(1);
                assertThat(snapshot.path("provenance").path("counts.batchesActive").path("source").asText())
                        .isEqualTo("firestore");
                // No Stripe key: the payment metric is unread and says why; never a zero.
                assertThat(snapshot.path("finance").path("unsettledPayments").isNull()).isTrue();
                assertThat(snapshot.path("provenance").path("finance.unsettledPayments").toString()).contains("AUTH");
                assertThat(snapshot.get("completeness").asText()).isEqualTo("partial");
                assertThat(firestore.calls("RunAggregationQuery")).isPositive();
                assertThat(firestore.calls("RunQuery")).isZero();

                JsonNode drift = TestHub.json(hub.get("/api/studio-state/drift")).get("drift");
                assertThat(drift).anySatisfy(d -> {
                    assertThat(d.get("kind").asText()).isEqualTo("cloud-summary");
                    assertThat(d.get("metric").asText()).isEqualTo("counts.batchesActive");
                    assertThat(d.get("expected").asLong()).isEqualTo(30);
                    assertThat(d.get("observed").asLong()).isEqualTo(2);
                    assertThat(d.get("delta").asLong()).isEqualTo(-28);
                });
                assertThat(TestHub.json(hub.get("/api/audit?action=studio_state.drift_detected")).get("events"))
                        .isNotEmpty();
            }
        }
    }

    @Test
    void aRefusedMetricsFileLeavesStudioStateOffAndTheHubDegradedNotDown() throws Exception {
        Path policies = Files.createDirectories(work.resolve("policies"));
        Files.copy(Path.of("policies/capabilities.yaml"), policies.resolve("capabilities.yaml"));
        Files.writeString(policies.resolve("studio-metrics.yaml"), "schemaVersion: \"3.0\"\nmetrics:\n"
                + "  - key: counts.batchesActive\n    source: spreadsheet\n    collection: batches\n");
        Map<String, String> env = TestHub.env(work);
        env.put("STUDIO_BRAIN_POLICIES_DIR", policies.toString());
        withStudioStateRoute(env);
        try (TestHub hub = TestHub.start(env)) {
            JsonNode ready = hub.awaitReadiness(r -> r.path("degraded").toString().contains("studio-metrics.yaml"),
                    Duration.ofSeconds(30));
            assertThat(ready.path("degraded").toString()).contains("spreadsheet");
            HttpResponse<String> latest = hub.get("/api/studio-state/latest");
            assertThat(latest.statusCode()).isEqualTo(503);
            assertThat(latest.body()).contains("StudioState is off");
        }
    }

    private void withStudioStateRoute(Map<String, String> env) throws Exception {
        Path routes = Path.of(env.get("STUDIO_BRAIN_ROUTES_DIR"));
        Files.createDirectories(routes);
        Files.copy(Path.of("routes/studio-state.camel.yaml"), routes.resolve("studio-state.camel.yaml"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    private static JsonNode awaitSnapshot(TestHub hub) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = hub.get("/api/studio-state/latest");
            if (response.statusCode() == 200) {
                last = TestHub.json(response);
                if (!last.get("snapshot").isNull()) {
                    return last;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no snapshot within 30 s; last answer: " + last);
    }
}
