package studio.brain.gate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.testing.TestHub;

/** A YAML route proposes through direct:policy-gate with the repo's capability registry, as integrators will. */
class GateRouteTest {

    @Test
    void aYamlRouteProposesAndGetsTheGatesAnswerTwiceTheSame(@TempDir Path work) throws Exception {
        Path routes = Files.createDirectories(work.resolve("routes"));
        Files.writeString(routes.resolve("ops-draft.camel.yaml"), """
                - route:
                    id: ops-draft
                    from:
                      uri: "direct:ops-draft"
                      steps:
                        - setHeader:
                            name: StudioBrainCapability
                            constant: ops.recommendation
                        - setHeader:
                            name: StudioBrainTarget
                            constant: kiln-room
                        - setHeader:
                            name: StudioBrainRationale
                            constant: "Twelve active batches but only one firing scheduled this week"
                        - to: "direct:policy-gate"
                """);
        try (TestHub hub = TestHub.start(TestHub.env(work))) {
            ProducerTemplate producer = hub.hub().camel().createProducerTemplate();
            String input = "{\"summary\":\"Schedule a bisque firing for the stalled batches\"}";
            @SuppressWarnings("unchecked")
            Map<String, Object> first = producer.requestBody("direct:ops-draft", input, Map.class);
            assertThat(first.get("reason")).as(String.valueOf(first)).isEqualTo("APPROVAL_REQUIRED");
            assertThat(first.get("status")).isEqualTo("pending_approval");
            @SuppressWarnings("unchecked")
            Map<String, Object> again = producer.requestBody("direct:ops-draft", input, Map.class);
            assertThat(again.get("reason")).isEqualTo("DUPLICATE");
            assertThat(again.get("proposalId")).isEqualTo(first.get("proposalId"));

            @SuppressWarnings("unchecked")
            Map<String, Object> bad = producer.requestBody("direct:ops-draft", "{\"summary\":\"\"}", Map.class);
            assertThat(bad.get("reason")).isEqualTo("INVALID_INPUT");
            assertThat(String.valueOf(bad.get("message"))).contains("/summary");

            JsonNode created = TestHub.json(hub.get("/api/audit?action=proposal.created"));
            assertThat(created.at("/events/0/actorId").asText()).isEqualTo("route:ops-draft");
            assertThat(created.at("/events/0/capabilityId").asText()).isEqualTo("ops.recommendation");
            assertThat(TestHub.json(hub.get("/api/audit?action=proposal.denied")).get("events")).hasSize(1);

            var controls = hub.hub().camel().getRegistry().lookupByNameAndType("policyControls",
                    studio.brain.gate.PolicyControls.class);
            assertThat(hub.get("/metrics").body()).contains("studio_brain_kill_switch_on 0.0");
            controls.setKillSwitch(studio.brain.gate.Actor.staff("mara", "studio-main", java.util.Set.of("staff")), true,
                    "Water on the kiln room floor, stop everything", "req");
            JsonNode ready = TestHub.json(hub.get("/readyz"));
            assertThat(ready.at("/checks/killSwitch/on").asBoolean()).isTrue();
            assertThat(ready.at("/checks/killSwitch/by").asText()).isEqualTo("mara");
            assertThat(hub.get("/metrics").body()).contains("studio_brain_kill_switch_on 1.0");
        }
    }
}
