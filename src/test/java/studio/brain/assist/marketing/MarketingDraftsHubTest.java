package studio.brain.assist.marketing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.testing.TestHub;

/**
 * Marketing drafts on a running hub over the sample studio: drafts through the gate, labelled sample data, free of
 * personal data, reviewed to approved_for_publish and back to draft — and nothing published.
 */
class MarketingDraftsHubTest {

    @TempDir
    Path work;

    @Test
    void theSampleStudioGetsReviewableDraftsThatPublishNothing() throws Exception {
        Map<String, String> env = TestHub.env(work);
        Path routes = Files.createDirectories(Path.of(env.get("STUDIO_BRAIN_ROUTES_DIR")));
        for (String route : new String[] {"studio-state.camel.yaml", "marketing-drafts.camel.yaml"}) {
            Files.copy(Path.of("routes").resolve(route), routes.resolve(route));
        }
        try (TestHub hub = TestHub.start(env)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (TestHub.json(hub.get("/api/studio-state/latest")).path("snapshot").isNull()
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            hub.hub().camel().createProducerTemplate().sendBody("direct:marketing-drafts-run", null);
            JsonNode drafts = TestHub.json(hub.get("/api/drafts?kind=marketing")).get("drafts");
            assertThat(drafts).isNotEmpty();
            for (JsonNode draft : drafts) {
                assertThat(draft.get("draftStatus").asText()).isEqualTo("needs_review");
                JsonNode detail = TestHub.json(hub.get("/api/proposals/" + draft.get("id").asText()));
                String body = detail.at("/proposal/input/body").asText();
                assertThat(body).startsWith(MarketingDrafter.SAMPLE_DATA_LINE);
                assertThat(PersonalDataCheck.findings(body + " " + detail.at("/proposal/input/title").asText()))
                        .isEmpty();
            }

            String id = drafts.get(0).get("id").asText();
            Map<String, String> json = Map.of("Authorization", hub.staffHeaders().get("Authorization"),
                    "Content-Type", "application/json");
            var back = hub.send("POST", "/api/drafts/" + id + "/review", json,
                    "{\"decision\":\"reject\",\"rationale\":\"Tone it down and mention the glaze workshop\"}");
            assertThat(TestHub.json(back).get("draftStatus").asText()).as(back.body()).isEqualTo("draft");
            hub.send("POST", "/api/drafts/" + id + "/review", json,
                    "{\"decision\":\"reopen\",\"rationale\":\"Edited copy is ready for another look\"}");
            var approved = hub.send("POST", "/api/drafts/" + id + "/review", json,
                    "{\"decision\":\"approve\",\"rationale\":\"Good to go out on Friday morning\"}");
            assertThat(TestHub.json(approved).get("draftStatus").asText()).as(approved.body())
                    .isEqualTo("approved_for_publish");
            // Approving a draft publishes nothing: website.publish is a proposal of its own.
            assertThat(TestHub.json(hub.get("/api/proposals?capability=website.publish")).get("proposals")).isEmpty();
            assertThat(TestHub.json(hub.get("/api/audit?action=draft.reviewed")).get("events")).hasSize(3);
        }
    }
}
