package studio.brain.gate.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.gate.Actor;
import studio.brain.gate.ExecutionService;
import studio.brain.gate.GateException;
import studio.brain.gate.ProposalDecisions;
import studio.brain.gate.ProposalGate;
import studio.brain.gate.ProposalRequest;
import studio.brain.gate.ReasonCode;
import studio.brain.testing.TestHub;

/** At the write endpoint itself: no grant, a forged grant or a second send with one grant never gets through. */
class GrantGuardTest {

    @Test
    void aWriteEndpointTakesExactlyOneSendPerExecutedGrant(@TempDir Path work) throws Exception {
        Path routes = Files.createDirectories(work.resolve("routes"));
        Path connectors = Files.createDirectories(work.resolve("connectors"));
        Files.copy(Path.of("src/test/resources/kamelets/test-write-action.kamelet.yaml"),
                connectors.resolve("test-write-action.kamelet.yaml"));
        Files.copy(Path.of("connectors-yaml/hub-event-sink.kamelet.yaml"), connectors.resolve("hub-event-sink.kamelet.yaml"));
        // ops.recommendation stands in for a real write capability here: its execution route writes through the
        // test-only write Kamelet.
        Files.writeString(routes.resolve("execute.camel.yaml"), """
                - route:
                    id: execute-ops-recommendation
                    from:
                      uri: "direct:execute-ops-recommendation"
                      steps:
                        - to: "kamelet:test-write-action"
                """);
        Map<String, String> env = TestHub.env(work);
        env.put("STUDIO_BRAIN_CONNECTORS_DIR", connectors.toString());
        env.put("STUDIO_BRAIN_WRITES_ENABLED", "true");
        try (TestHub hub = TestHub.start(env)) {
            var registry = hub.hub().camel().getRegistry();
            ProducerTemplate producer = hub.hub().camel().createProducerTemplate();
            MockEndpoint written = hub.hub().camel().getEndpoint("mock:test-write-action", MockEndpoint.class);

            Exchange bare = producer.send("kamelet:test-write-action", e -> e.getIn().setBody("{}"));
            assertThat(bare.getException()).isInstanceOf(GateException.class)
                    .extracting(e -> ((GateException) e).reason()).isEqualTo(ReasonCode.BLOCKED_BY_POLICY);
            Exchange forged = producer.send("kamelet:test-write-action", e -> {
                e.getIn().setBody("{}");
                e.setProperty(GrantGuard.GRANT_PROPERTY, "v1.e30.AAAA");
            });
            assertThat(forged.getException()).isInstanceOf(GateException.class);
            assertThat(written.getReceivedCounter()).isZero();

            ProposalGate.Outcome proposal = registry.lookupByNameAndType("policyGate", ProposalGate.class).submit(
                    Actor.system("ops-scan", "studio-main"), new ProposalRequest("ops.recommendation", "studio-main",
                            "kiln-room", null, ProposalGate.json("{\"summary\":\"Fire the stalled batches\"}"),
                            "Twelve active batches but one firing scheduled", null, null, null), "req");
            String grant = registry.lookupByNameAndType("proposalDecisions", ProposalDecisions.class)
                    .approve(Actor.staff("mara", "studio-main", Set.of("staff")), proposal.proposalId(),
                            "Yes, schedule the bisque firing", "req").grant();
            ExecutionService.Result executed = registry.lookupByNameAndType("executionService", ExecutionService.class)
                    .execute(Actor.staff("mara", "studio-main", Set.of("staff")), proposal.proposalId(), grant,
                            execution -> {
                                Exchange sent = producer.send("direct:execute-ops-recommendation", e -> {
                                    e.getIn().setBody(execution.input().toString());
                                    e.setProperty(GrantGuard.GRANT_PROPERTY, execution.grant());
                                });
                                if (sent.getException() != null) {
                                    throw sent.getException();
                                }
                                return Map.of("ok", true);
                            }, "req");
            assertThat(executed.status()).isEqualTo("executed");
            assertThat(written.getReceivedCounter()).isEqualTo(1);

            Exchange replay = producer.send("kamelet:test-write-action", e -> {
                e.getIn().setBody("{}");
                e.setProperty(GrantGuard.GRANT_PROPERTY, grant);
            });
            assertThat(replay.getException()).isInstanceOf(GateException.class);
            assertThat(written.getReceivedCounter()).isEqualTo(1);
            assertThat(TestHub.json(hub.get("/api/audit?action=execution.blocked")).get("events")).hasSize(3);
        }
    }
}
