package studio.brain.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.gate.ActionSender;
import studio.brain.gate.Actor;
import studio.brain.gate.ExecutionService;
import studio.brain.gate.GateException;
import studio.brain.gate.ProposalDecisions;
import studio.brain.gate.ProposalGate;
import studio.brain.gate.ProposalRequest;
import studio.brain.gate.ReasonCode;
import studio.brain.gate.auth.DelegationSigningKey;
import studio.brain.ledger.ActorType;
import studio.brain.testing.TestHub;
import studio.brain.web.api.ApiHub;

/**
 * Two studios' hubs on one shared PostgreSQL database: the strictest place for a tenant boundary, because every row
 * of both is one query away. Staff and agents of one studio are refused by the other's gate with
 * {@code TENANT_MISMATCH} when they propose, decide or execute, and each refusal is in the refusing hub's ledger;
 * an agent's genuine token of one studio does not work at the other even where both hubs share the delegation
 * signing key; and over the API each hub lists and opens only its own studio's proposals.
 */
class CrossTenantTest {
    private static final String NORTH = "clay-north";
    private static final String SOUTH = "clay-south";

    @TempDir
    static Path work;
    static ApiHub north;
    static ApiHub south;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> northEnv = TestHub.env(work.resolve("north"));
        northEnv.put("STUDIO_BRAIN_TENANT_ID", NORTH);
        northEnv.put("STUDIO_BRAIN_WRITES_ENABLED", "true");
        north = ApiHub.start(northEnv);

        Map<String, String> southEnv = TestHub.env(work.resolve("south"));
        southEnv.put("STUDIO_BRAIN_TENANT_ID", SOUTH);
        southEnv.put("STUDIO_BRAIN_WRITES_ENABLED", "true");
        southEnv.put("STUDIO_BRAIN_DB_URL", northEnv.get("STUDIO_BRAIN_DB_URL"));
        // The same delegation key on both: a token then passes the signature check at either hub, and only the
        // tenant check stands between one studio's agent and the other studio.
        Path southData = Files.createDirectories(Path.of(southEnv.get("STUDIO_BRAIN_DATA_DIR")));
        Files.copy(Path.of(northEnv.get("STUDIO_BRAIN_DATA_DIR")).resolve(DelegationSigningKey.FILE_NAME),
                southData.resolve(DelegationSigningKey.FILE_NAME), StandardCopyOption.COPY_ATTRIBUTES);
        south = ApiHub.start(southEnv);
    }

    @AfterAll
    static void stop() {
        if (south != null) {
            south.close();
        }
        if (north != null) {
            north.close();
        }
    }

    @Test
    void staffAndAgentsOfAnotherStudioCannotProposeDecideOrExecute() throws Exception {
        ProposalGate gate = bean(north, "policyGate", ProposalGate.class);
        ProposalDecisions decisions = bean(north, "proposalDecisions", ProposalDecisions.class);
        ExecutionService execution = bean(north, "executionService", ExecutionService.class);
        Actor southStaff = Actor.staff("mara", SOUTH, Set.of("staff"));
        Actor southAgent = Actor.agent("agent-glaze-bot", SOUTH, "member-ana", UUID.randomUUID().toString(),
                Set.of("capability:ops.recommendation:propose"), List.of("delegation: clay-south"));
        String requestId = "req-" + UUID.randomUUID();

        // Proposing: for their own studio, for this one, or as an agent of theirs.
        for (ProposalGate.Outcome outcome : List.of(
                gate.submit(southStaff, recommendation(SOUTH, "South staff, south request"), requestId),
                gate.submit(southStaff, recommendation(NORTH, "South staff, north request"), requestId),
                gate.submit(southAgent, recommendation(NORTH, "South agent, north request"), requestId))) {
            assertThat(outcome.reason()).isEqualTo(ReasonCode.TENANT_MISMATCH);
            assertThat(outcome.allowed()).isFalse();
        }

        // Deciding and executing a proposal of this studio.
        String northAgent = north.agent("member-ana", "agent-glaze-bot", "capability:ops.recommendation:propose");
        ApiHub.Answer created = north.post("/api/proposals", northAgent, recommendationJson("Restock celadon"));
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        UUID id = UUID.fromString(created.json().get("proposalId").asText());
        assertThatThrownBy(() -> decisions.approve(southStaff, id, "Approving the other studio's idea", requestId))
                .isInstanceOfSatisfying(GateException.class,
                        e -> assertThat(e.reason()).isEqualTo(ReasonCode.TENANT_MISMATCH));
        assertThatThrownBy(() -> decisions.reject(southStaff, id, "Rejecting the other studio's idea", requestId))
                .isInstanceOfSatisfying(GateException.class,
                        e -> assertThat(e.reason()).isEqualTo(ReasonCode.TENANT_MISMATCH));
        String grant = north.post("/api/proposals/" + id + "/approve", north.staff(),
                ApiHub.json("rationale", "The glaze order takes a week to arrive")).json().get("grant").asText();
        AtomicInteger sent = new AtomicInteger();
        ActionSender sender = execution1 -> {
            sent.incrementAndGet();
            return Map.of("accepted", true);
        };
        assertThatThrownBy(() -> execution.execute(southStaff, id, grant, sender, requestId))
                .isInstanceOfSatisfying(GateException.class,
                        e -> assertThat(e.reason()).isEqualTo(ReasonCode.TENANT_MISMATCH));
        // An agent of the other studio never decides or executes anywhere: refused before its tenant is looked at.
        assertThatThrownBy(() -> decisions.approve(southAgent, id, "Approving as the other studio's agent", requestId))
                .isInstanceOfSatisfying(GateException.class,
                        e -> assertThat(e.reason()).isEqualTo(ReasonCode.FORBIDDEN));
        assertThatThrownBy(() -> execution.execute(southAgent, id, grant, sender, requestId))
                .isInstanceOfSatisfying(GateException.class,
                        e -> assertThat(e.reason()).isEqualTo(ReasonCode.FORBIDDEN));
        assertThat(sent).hasValue(0);
        assertThat(north.get("/api/proposals/" + id, north.staff()).json().at("/proposal/status").asText())
                .isEqualTo("approved");

        // Every refusal is in this hub's ledger, under this hub's studio, naming who tried.
        List<String> refusals = new ArrayList<>();
        try (Connection c = north.hub.hub().database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("select action, tenant_id, actor_type, actor_id from "
                     + "audit_events where request_id = ? and metadata->>'reason' = 'TENANT_MISMATCH' order by seq")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    refusals.add(rs.getString(1));
                    assertThat(rs.getString(2)).isEqualTo(NORTH);
                    assertThat(rs.getString(3)).isIn(ActorType.STAFF.value(), ActorType.AGENT.value());
                    assertThat(rs.getString(4)).isIn("mara", "agent-glaze-bot");
                }
            }
        }
        assertThat(refusals).containsExactly("proposal.denied", "proposal.denied", "proposal.denied",
                "proposal.approve_refused", "proposal.reject_refused", "proposal.execute_refused");
        try (Connection c = north.hub.hub().database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("select count(*) from audit_events where request_id = ? "
                     + "and metadata->>'reason' = 'FORBIDDEN' and actor_id = 'agent-glaze-bot' and tenant_id = ?")) {
            ps.setString(1, requestId);
            ps.setString(2, NORTH);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void anAgentsTokenOfOneStudioIsRefusedAtTheOther() throws Exception {
        String southAgent = south.agent("member-ana", "agent-kiln-bot", "capability:ops.recommendation:propose");
        ApiHub.Answer atHome = south.post("/api/proposals", southAgent, recommendationJson("Check the kiln shelves"));
        assertThat(atHome.status()).as(atHome.body()).isEqualTo(202);

        ApiHub.Answer abroad = north.post("/api/proposals", southAgent, recommendationJson("Check north's shelves"));
        assertThat(abroad.status()).as(abroad.body()).isEqualTo(403);
        assertThat(abroad.code()).isEqualTo("TENANT_MISMATCH");
        assertThat(abroad.json().at("/error/message").asText()).doesNotContain("eyJ");

        // The refusal is kept by the refusing studio, with the foreign delegation it named.
        JsonTraces traces = new JsonTraces(north.get("/api/delegations/traces", north.staff()));
        assertThat(traces.reasons()).contains("TENANT_MISMATCH");
    }

    @Test
    void eachStudioListsAndOpensOnlyItsOwnProposals() throws Exception {
        String northId = north.post("/api/proposals", north.staff(), recommendationJson("Sweep the north kiln room"))
                .json().get("proposalId").asText();
        String southId = south.post("/api/proposals", south.staff(), recommendationJson("Sweep the south kiln room"))
                .json().get("proposalId").asText();

        List<String> northSees = ids(north.get("/api/proposals?limit=200", north.staff()));
        List<String> southSees = ids(south.get("/api/proposals?limit=200", south.staff()));
        assertThat(northSees).contains(northId).doesNotContain(southId);
        assertThat(southSees).contains(southId).doesNotContain(northId);
        assertThat(north.get("/api/proposals/" + southId, north.staff()).status()).isEqualTo(404);
        assertThat(south.get("/api/proposals/" + northId, south.staff()).status()).isEqualTo(404);

        ApiHub.Answer filter = north.get("/api/proposals?tenant=" + SOUTH, north.staff());
        assertThat(filter.status()).isEqualTo(403);
        assertThat(filter.code()).isEqualTo("TENANT_MISMATCH");
        assertThat(ids(north.get("/api/proposals?tenant=" + NORTH + "&limit=200", north.staff())))
                .containsExactlyElementsOf(northSees);

        // Deciding across the boundary finds nothing to decide, and the proposal stays as it was.
        ApiHub.Answer approve = north.post("/api/proposals/" + southId + "/approve", north.staff(),
                ApiHub.json("rationale", "Approving the other studio's proposal"));
        assertThat(approve.status()).as(approve.body()).isIn(403, 404);
        assertThat(south.get("/api/proposals/" + southId, south.staff()).json().at("/proposal/status").asText())
                .isEqualTo("pending_approval");
        // The admin token of one hub is not a credential at the other.
        assertThat(north.get("/api/proposals", south.staff()).status()).isEqualTo(401);
    }

    private static List<String> ids(ApiHub.Answer page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        page.json().get("proposals").forEach(p -> ids.add(p.get("id").asText()));
        return ids;
    }

    /** The delegation traces page: which reasons refused tokens carried. */
    private record JsonTraces(ApiHub.Answer page) {
        List<String> reasons() {
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            return page.json().findValuesAsText("reason");
        }
    }

    private static <T> T bean(ApiHub api, String name, Class<T> type) {
        T bean = api.hub.hub().camel().getRegistry().lookupByNameAndType(name, type);
        assertThat(bean).as(name).isNotNull();
        return bean;
    }

    private static ProposalRequest recommendation(String tenant, String summary) {
        return new ProposalRequest("ops.recommendation", tenant, "kiln-room", "member-ana",
                ProposalGate.json("{\"summary\":\"" + summary + "\"}"),
                "The studio asked for this in the weekly meeting", null, List.of(), null);
    }

    private static Map<String, Object> recommendationJson(String summary) {
        return ApiHub.json("capabilityId", "ops.recommendation", "target", "kiln-room", "targetOwnerUid",
                "member-ana", "input", ApiHub.json("summary", summary),
                "rationale", "The studio asked for this in the weekly meeting");
    }
}
