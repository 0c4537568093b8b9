package studio.brain.assist.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.testing.TestHub;

/** The ops scan on a running hub over the sample studio: drafts become proposals once, not again on the next run. */
class OpsScanHubTest {

    @TempDir
    Path work;

    @Test
    void theSampleStudioYieldsAnOpsDraftThroughTheGateAndARepeatedScanAddsNothing() throws Exception {
        Map<String, String> env = TestHub.env(work);
        Path routes = Files.createDirectories(Path.of(env.get("STUDIO_BRAIN_ROUTES_DIR")));
        Files.copy(Path.of("routes/studio-state.camel.yaml"), routes.resolve("studio-state.camel.yaml"));
        // The scan at start waits ten minutes here, so the test's own scans are the only ones.
        Files.writeString(routes.resolve("ops-anomaly-scan.camel.yaml"), Files.readString(
                Path.of("routes/ops-anomaly-scan.camel.yaml")).replace("delay: 15000", "delay: 600000"));
        try (TestHub hub = TestHub.start(env)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (TestHub.json(hub.get("/api/studio-state/latest")).path("snapshot").isNull()
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            var template = hub.hub().camel().createProducerTemplate();
            template.sendBody("direct:ops-anomaly-scan-run", null);
            JsonNode drafts = TestHub.json(hub.get("/api/proposals?capability=ops.recommendation")).get("proposals");
            assertThat(drafts).isNotEmpty();
            assertThat(drafts.toString()).contains("high-severity community reports are open");
            JsonNode first = drafts.get(0);
            assertThat(first.get("status").asText()).isEqualTo("pending_approval");

            template.sendBody("direct:ops-anomaly-scan-run", null);
            assertThat(TestHub.json(hub.get("/api/proposals?capability=ops.recommendation")).get("proposals"))
                    .hasSize(drafts.size());
            JsonNode scans = TestHub.json(hub.get("/api/audit?action=ops.scan_completed")).get("events");
            assertThat(scans).hasSize(2);
            assertThat(scans.get(0).at("/metadata/emitted").asInt()).as("the second run, in cooldown").isZero();
            assertThat(scans.get(0).at("/metadata/suppressed").asInt()).isPositive();

            // Staff see it as a draft, and dismiss it as a false positive: its rule stays quiet, on the record.
            JsonNode listed = TestHub.json(hub.get("/api/drafts?kind=ops&status=needs_review")).get("drafts");
            assertThat(listed).hasSize(drafts.size());
            assertThat(listed.get(0).get("draftStatus").asText()).isEqualTo("needs_review");
            assertThat(hub.get("/api/drafts?kind=everything").statusCode()).isEqualTo(400);
            String id = listed.get(0).get("id").asText();
            var review = hub.send("POST", "/api/drafts/" + id + "/review", Map.of("Authorization",
                    hub.staffHeaders().get("Authorization"), "Content-Type", "application/json"),
                    "{\"decision\":\"reject\",\"falsePositive\":true,\"rationale\":"
                            + "\"These reports were already handled at the front desk\"}");
            assertThat(review.statusCode()).as(review.body()).isEqualTo(200);
            assertThat(TestHub.json(review).get("draftStatus").asText()).isEqualTo("dismissed");
            JsonNode reviewed = TestHub.json(hub.get("/api/audit?action=draft.reviewed")).get("events").get(0);
            assertThat(reviewed.at("/metadata/beforeHash").asText())
                    .isNotEqualTo(reviewed.at("/metadata/afterHash").asText());
            assertThat(TestHub.json(hub.get("/api/audit?action=ops.draft_dismissed")).get("events")).hasSize(1);
            assertThat(TestHub.json(hub.get("/api/drafts?kind=ops&status=dismissed")).get("drafts")).hasSize(1);
        }
    }
}
