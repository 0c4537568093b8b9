package studio.brain.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.hash.CanonicalJson;
import studio.brain.hash.ContentHash;
import studio.brain.testing.TestHub;

/**
 * A proposal from an agent to its execution, over HTTP with real credentials, as the "done when" says: the
 * agent proposes but cannot approve or execute; staff approve with a rationale and get a grant; with the kill switch on
 * the approved proposal cannot execute (BLOCKED_BY_POLICY); every step is in the audit trail, which still verifies.
 *
 * <p>The set-up: writes are enabled (anchor mode would refuse every execution with WRITES_DISABLED), and the routes
 * folder holds one action route, {@code direct:execute-ops-recommendation}, which only records what it is sent.
 * {@code ops.recommendation} is a draft — approving it accepts the draft and nothing outside the hub changes, so the
 * repository gives it no action route — but it is the enabled, approval-required write of the repository's registry,
 * the kind of capability that reaches execution; the recording route stands in for the write pilots to come.
 */
class ProposalLifecycleApiTest {
    private static final String DRAFTS = "ops.recommendation";
    private static final String SENT = "mock:ops-recommendation-sent";

    @TempDir
    static Path work;
    static ApiHub api;
    static String agent;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> env = TestHub.env(work);
        env.put("STUDIO_BRAIN_WRITES_ENABLED", "true");
        Path routes = Files.createDirectories(work.resolve("routes"));
        Files.writeString(routes.resolve("execute-ops-recommendation.camel.yaml"), """
                - route:
                    id: execute-ops-recommendation
                    from:
                      uri: "direct:execute-ops-recommendation"
                      steps:
                        - to: "%s"
                        - setBody:
                            constant: '{"accepted": true}'
                """.formatted(SENT));
        api = ApiHub.start(env);
        agent = api.agent("member-ana", "agent-glaze-bot", "capability:ops.recommendation:propose",
                "capability:ops.recommendation:execute", "capability:marketing.draft:propose");
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void anAgentProposesStaffApproveAndTheKillSwitchHoldsExecutionUntilItIsOff() throws Exception {
        Map<String, Object> input = ApiHub.json("summary", "Schedule a bisque firing for the stalled batches");
        ApiHub.Answer created = api.post("/api/proposals", agent, ApiHub.json("capabilityId", DRAFTS,
                "target", "kiln-room", "targetOwnerUid", "member-ana", "input", input,
                "rationale", "Twelve active batches but only one firing scheduled this week"));
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        assertThat(created.json().get("reason").asText()).isEqualTo("APPROVAL_REQUIRED");
        assertThat(created.json().get("status").asText()).isEqualTo("pending_approval");
        assertThat(created.json().get("decisionId").asText()).isNotEmpty();
        assertThat(created.json().has("grant")).isFalse();
        String id = created.json().get("proposalId").asText();
        String proposal = "/api/proposals/" + id;

        // The agent may propose, never decide or execute, even with an execute scope.
        ApiHub.Answer selfApproval = api.post(proposal + "/approve", agent,
                ApiHub.json("rationale", "I am confident this firing is needed"));
        assertThat(selfApproval.status()).isEqualTo(403);
        assertThat(selfApproval.code()).isEqualTo("FORBIDDEN");
        assertThat(api.post(proposal + "/execute", agent, ApiHub.json("grant", "v1.a.b")).status()).isEqualTo(403);

        // Staff decide, with a rationale that says something.
        ApiHub.Answer bare = api.post(proposal + "/approve", api.staff(), ApiHub.json());
        assertThat(bare.status()).isEqualTo(422);
        assertThat(bare.code()).isEqualTo("RATIONALE_REQUIRED");
        assertThat(api.post(proposal + "/approve", api.staff(), ApiHub.json("rationale", "lgtm")).code())
                .isEqualTo("RATIONALE_REQUIRED");
        ApiHub.Answer approved = api.post(proposal + "/approve", api.staff(),
                ApiHub.json("rationale", "The kiln is free on Thursday and the batches are dry"));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().get("status").asText()).isEqualTo("approved");
        String grant = approved.json().get("grant").asText();
        assertThat(grant).startsWith("v1.");
        assertThat(api.post(proposal + "/approve", api.staff(), ApiHub.json("rationale",
                "Approving a second time to be sure")).code()).isEqualTo("ALREADY_DECIDED");

        // The kill switch stops the approved proposal before anything is sent.
        assertThat(api.post("/api/policy/kill-switch", api.staff(), ApiHub.json("on", true,
                "rationale", "Kiln room inspection this afternoon")).status()).isEqualTo(200);
        ApiHub.Answer blocked = api.post(proposal + "/execute", api.staff(), ApiHub.json("grant", grant));
        assertThat(blocked.status()).as(blocked.body()).isEqualTo(403);
        assertThat(blocked.code()).isEqualTo("BLOCKED_BY_POLICY");
        MockEndpoint sent = api.hub.hub().camel().getEndpoint(SENT, MockEndpoint.class);
        assertThat(sent.getReceivedCounter()).isZero();
        assertThat(detail(id).at("/proposal/status").asText()).isEqualTo("approved");

        // Off again: the same grant, still unspent, executes once.
        assertThat(api.post("/api/policy/kill-switch", api.staff(), ApiHub.json("on", false,
                "rationale", "Inspection done, the kiln room is safe")).status()).isEqualTo(200);
        ApiHub.Answer executed = api.post(proposal + "/execute", api.staff(), ApiHub.json("grant", grant));
        assertThat(executed.status()).as(executed.body()).isEqualTo(200);
        assertThat(executed.json().get("status").asText()).isEqualTo("executed");
        assertThat(executed.json().get("outputHash").asText())
                .isEqualTo(ContentHash.of(CanonicalJson.mapper().readTree("{\"accepted\":true}")));
        assertThat(sent.getReceivedCounter()).isEqualTo(1);
        Exchange received = sent.getReceivedExchanges().get(0);
        assertThat(CanonicalJson.mapper().readTree(received.getIn().getBody(String.class)))
                .isEqualTo(CanonicalJson.mapper().valueToTree(input));
        assertThat(received.getIn().getHeader("StudioBrainProposalId")).isEqualTo(id);
        assertThat(received.getIn().getHeader("Idempotency-Key", String.class)).isNotBlank();
        assertThat(received.getProperty("StudioBrainGrant")).isEqualTo(grant);
        assertThat(api.post(proposal + "/execute", api.staff(), ApiHub.json("grant", grant)).code())
                .as("a grant is spent once").isEqualTo("NOT_APPROVED");

        JsonNode detail = detail(id);
        List<String> path = new ArrayList<>();
        detail.get("transitions").forEach(t -> path.add(t.get("to").asText()));
        assertThat(path).containsExactly("pending_approval", "approved", "executing", "executed");
        assertThat(detail.at("/transitions/1/rationale").asText()).contains("kiln is free");
        assertThat(detail.at("/proposal/requestedBy/type").asText()).isEqualTo("agent");
        assertThat(detail.at("/proposal/requestedBy/id").asText()).isEqualTo("agent-glaze-bot");
        assertThat(detail.at("/proposal/risk").asText()).isEqualTo("low");
        assertThat(detail.at("/proposal/input/summary").asText()).startsWith("Schedule");

        // Every step, in the proposal's chain and in the timeline; and the chain still verifies.
        List<String> chain = api.auditActions("correlationId=" + id);
        assertThat(chain).contains("proposal.created", "api.access_refused", "proposal.approve_refused",
                "proposal.approved", "proposal.execute_refused", "proposal.executing", "proposal.executed",
                "proposal.viewed");
        assertThat(api.auditActions("action=policy.kill_switch")).containsExactly("policy.kill_switch_off",
                "policy.kill_switch_on");
        ApiHub.Answer verified = api.get("/api/audit/verify", api.staff());
        assertThat(verified.json().get("ok").asBoolean()).as(verified.body()).isTrue();
    }

    @Test
    void aCapabilityWithoutAnActionRouteIsRefusedAndItsGrantKept() throws Exception {
        ApiHub.Answer created = api.post("/api/proposals", agent, ApiHub.json("capabilityId", "marketing.draft",
                "target", "newsletter", "input", ApiHub.json("channel", "newsletter", "body", "Open studio on Sunday"),
                "rationale", "Members asked for an open studio day in the survey"));
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        String proposal = "/api/proposals/" + created.json().get("proposalId").asText();
        String grant = api.post(proposal + "/approve", api.staff(),
                ApiHub.json("rationale", "The newsletter goes out on Friday anyway")).json().get("grant").asText();

        ApiHub.Answer refused = api.post(proposal + "/execute", api.staff(), ApiHub.json("grant", grant));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("NO_ACTION_ROUTE");
        assertThat(refused.json().at("/error/message").asText()).contains("no action route for this capability yet");
        assertThat(detail(created.json().get("proposalId").asText()).at("/proposal/status").asText())
                .isEqualTo("approved");

        for (String verb : List.of("dry-run", "rollback")) {
            ApiHub.Answer answer = api.post(proposal + "/" + verb, api.staff(), ApiHub.json());
            assertThat(answer.status()).as(verb).isEqualTo(409);
            assertThat(answer.code()).isEqualTo("NOT_SUPPORTED");
        }
    }

    @Test
    void aForgedGrantIsRefusedAndNothingIsSent() throws Exception {
        ApiHub.Answer created = api.post("/api/proposals", agent, ApiHub.json("capabilityId", DRAFTS,
                "target", "glaze-shelf", "input", ApiHub.json("summary", "Restock the celadon glaze"),
                "rationale", "The celadon bucket is below a quarter"));
        String proposal = "/api/proposals/" + created.json().get("proposalId").asText();
        api.post(proposal + "/approve", api.staff(), ApiHub.json("rationale", "Glaze orders take a week to arrive"));
        long before = api.hub.hub().camel().getEndpoint(SENT, MockEndpoint.class).getReceivedCounter();

        ApiHub.Answer forged = api.post(proposal + "/execute", api.staff(), ApiHub.json("grant", "v1.e30.AAAA"));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.code()).isEqualTo("GRANT_INVALID");
        ApiHub.Answer missing = api.post(proposal + "/execute", api.staff(), ApiHub.json());
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.json().at("/error/fields/0/field").asText()).isEqualTo("/grant");
        assertThat(api.hub.hub().camel().getEndpoint(SENT, MockEndpoint.class).getReceivedCounter()).isEqualTo(before);
    }

    @Test
    void aRejectedProposalIsReopenedWithAReasonAndQueuedAgain() throws Exception {
        ApiHub.Answer created = api.post("/api/proposals", agent, ApiHub.json("capabilityId", DRAFTS,
                "target", "studio-floor", "input", ApiHub.json("summary", "Mop the studio floor twice a day"),
                "rationale", "Clay dust builds up on the floor by the afternoon"));
        String id = created.json().get("proposalId").asText();
        String proposal = "/api/proposals/" + id;
        ApiHub.Answer rejected = api.post(proposal + "/reject", api.staff(),
                ApiHub.json("rationale", "Once a day is enough with the new extractor"));
        assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);
        assertThat(rejected.json().get("status").asText()).isEqualTo("rejected");
        assertThat(rejected.json().has("grant")).isFalse();
        assertThat(api.post(proposal + "/reopen", api.staff(), ApiHub.json()).code()).isEqualTo("RATIONALE_REQUIRED");
        ApiHub.Answer reopened = api.post(proposal + "/reopen", api.staff(),
                ApiHub.json("rationale", "The extractor broke again this morning"));
        assertThat(reopened.json().get("status").asText()).isEqualTo("pending_approval");
        JsonNode queued = api.get("/api/proposals?status=pending_approval&target=studio-floor", api.staff()).json();
        assertThat(queued.get("proposals")).hasSize(1);
        assertThat(queued.at("/proposals/0/id").asText()).isEqualTo(id);
        assertThat(api.auditActions("correlationId=" + id)).contains("proposal.rejected", "proposal.reopened",
                "proposal.reopen_refused");
    }

    @Test
    void decisionsOnAProposalThatDoesNotExistAreNotFound() throws Exception {
        String nobody = "/api/proposals/" + UUID.randomUUID();
        assertThat(api.post(nobody + "/approve", api.staff(), ApiHub.json("rationale",
                "This proposal does not exist at all")).status()).isEqualTo(404);
        assertThat(api.get(nobody, api.staff()).code()).isEqualTo("NOT_FOUND");
        assertThat(api.get("/api/proposals/not-a-uuid", api.staff()).status()).isEqualTo(404);
        assertThat(api.send("GET", nobody + "/approve", api.staff(), null, Map.of()).status())
                .as("no decision is ever taken by a GET").isEqualTo(405);
    }

    private static JsonNode detail(String id) throws Exception {
        ApiHub.Answer detail = api.get("/api/proposals/" + id, api.staff());
        assertThat(detail.status()).as(detail.body()).isEqualTo(200);
        return detail.json();
    }
}
