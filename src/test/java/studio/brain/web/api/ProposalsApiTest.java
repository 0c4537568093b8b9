package studio.brain.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.testing.TestHub;

/** Submitting proposals over HTTP (bodies, Idempotency-Key, the gate's reasons) and reading the queue. */
class ProposalsApiTest {
    @TempDir
    static Path work;
    static ApiHub api;
    static String agent;

    @BeforeAll
    static void start() throws Exception {
        api = ApiHub.start(TestHub.env(work));
        agent = api.agent("member-ana", "agent-glaze-bot", "capability:ops.recommendation:propose");
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    private static Map<String, Object> draft(String target, String summary) {
        return ApiHub.json("capabilityId", "ops.recommendation", "target", target, "input",
                ApiHub.json("summary", summary), "rationale", "Batches have waited for a firing since Monday");
    }

    @Test
    void anIdempotencyKeyReplaysTheFirstAnswerAndRefusesOtherContent() throws Exception {
        Map<String, String> key = Map.of("Idempotency-Key", "retry-" + UUID.randomUUID());
        Map<String, Object> body = draft("wheel-3", "Service wheel three before the weekend class");
        ApiHub.Answer first = api.post("/api/proposals", api.staff(), body, key);
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(first.header("Idempotent-Replayed")).isNull();

        ApiHub.Answer replay = api.post("/api/proposals", api.staff(), body, key);
        assertThat(replay.status()).isEqualTo(202);
        assertThat(replay.json()).isEqualTo(first.json());
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        String id = first.json().get("proposalId").asText();
        assertThat(api.get("/api/proposals/" + id, api.staff()).json().at("/proposal/duplicateCount").asInt())
                .as("a replay never reaches the gate").isZero();

        ApiHub.Answer conflict = api.post("/api/proposals", api.staff(),
                draft("wheel-3", "Service wheel four instead"), key);
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.code()).isEqualTo("IDEMPOTENCY_CONFLICT");
        assertThat(api.auditActions("action=api.idempotency_conflict")).hasSize(1);
        assertThat(api.get("/api/audit?action=api.idempotency_conflict", api.staff()).body())
                .doesNotContain(key.get("Idempotency-Key"));

        // A key is its caller's: the agent's same key is a first request of its own.
        ApiHub.Answer agents = api.post("/api/proposals", agent, draft("wheel-5", "Service wheel five"), key);
        assertThat(agents.status()).as(agents.body()).isEqualTo(202);
        assertThat(agents.json().get("proposalId").asText()).isNotEqualTo(id);

        ApiHub.Answer badKey = api.post("/api/proposals", api.staff(), body, Map.of("Idempotency-Key", "x".repeat(300)));
        assertThat(badKey.status()).isEqualTo(400);
    }

    @Test
    void withoutAKeyTheGatesOwnDedupeAnswersTheSameSubmission() throws Exception {
        Map<String, Object> body = draft("slab-roller", "Replace the slab roller canvas");
        ApiHub.Answer first = api.post("/api/proposals", api.staff(), body);
        ApiHub.Answer again = api.post("/api/proposals", api.staff(), body);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("reason").asText()).isEqualTo("DUPLICATE");
        assertThat(again.json().get("proposalId")).isEqualTo(first.json().get("proposalId"));
    }

    @Test
    void badBodiesAreRefusedWithEveryFieldNamed() throws Exception {
        assertThat(api.postText("/api/proposals", api.staff(), "{not json").status()).isEqualTo(400);
        assertThat(api.postText("/api/proposals", api.staff(), "[1, 2]").code()).isEqualTo("BAD_REQUEST");
        assertThat(api.postText("/api/proposals", api.staff(), "{\"target\": \"a\", \"target\": \"b\"}").status())
                .as("a key given twice").isEqualTo(400);

        ApiHub.Answer empty = api.post("/api/proposals", api.staff(), ApiHub.json("capabilityId", 7, "rationle", "x"));
        assertThat(empty.status()).isEqualTo(422);
        assertThat(empty.code()).isEqualTo("INVALID_INPUT");
        assertThat(fields(empty)).containsExactlyInAnyOrder("/capabilityId", "/target", "/input", "/rationle");

        ApiHub.Answer schema = api.post("/api/proposals", api.staff(), ApiHub.json("capabilityId", "ops.recommendation",
                "target", "kiln-room", "input", ApiHub.json("summary", "", "colour", "blue"),
                "rationale", "The kiln room needs attention this week"));
        assertThat(schema.status()).as(schema.body()).isEqualTo(422);
        assertThat(schema.code()).isEqualTo("INVALID_INPUT");
        assertThat(schema.json().at("/error/decisionId").asText()).isNotEmpty();
        assertThat(fields(schema)).contains("/input/summary");

        ApiHub.Answer noReason = api.post("/api/proposals", api.staff(), ApiHub.json("capabilityId",
                "ops.recommendation", "target", "kiln-room", "input", ApiHub.json("summary", "Fire tonight")));
        assertThat(noReason.status()).isEqualTo(422);
        assertThat(noReason.code()).isEqualTo("RATIONALE_REQUIRED");

        ApiHub.Answer unknown = api.post("/api/proposals", api.staff(), ApiHub.json("capabilityId", "kiln.explode",
                "target", "kiln-room", "input", ApiHub.json(), "rationale", "Nobody should be able to do this"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("UNKNOWN_CAPABILITY");

        ApiHub.Answer disabled = api.post("/api/proposals", api.staff(), ApiHub.json("capabilityId",
                "hubitat.device.command", "target", "kiln-1", "input", ApiHub.json("deviceId", "12", "command", "on"),
                "rationale", "Preheat the kiln before the class starts"));
        assertThat(disabled.status()).isEqualTo(403);
        assertThat(disabled.code()).isEqualTo("CAPABILITY_DISABLED");
        assertThat(api.auditActions("action=proposal.denied")).hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void anAgentProposesOnlyWithinItsScopesAndForItsOwner() throws Exception {
        ApiHub.Answer outOfScope = api.post("/api/proposals", agent, ApiHub.json("capabilityId", "finance.flag",
                "target", "invoice-77", "input", ApiHub.json("kind", "other", "note", "Looks doubled"),
                "rationale", "The invoice total looks doubled to me"));
        assertThat(outOfScope.status()).isEqualTo(403);
        assertThat(outOfScope.code()).isEqualTo("SCOPE_MISSING");
        Map<String, Object> confusedDeputy = draft("locker-9", "Clear out locker nine");
        confusedDeputy.put("targetOwnerUid", "member-bo");
        ApiHub.Answer mismatch = api.post("/api/proposals", agent, confusedDeputy);
        assertThat(mismatch.status()).isEqualTo(403);
        assertThat(mismatch.code()).isEqualTo("OWNER_MISMATCH");
    }

    @Test
    void theQueueIsFilteredAndPaged() throws Exception {
        String target = "shelf-" + UUID.randomUUID();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Map<String, Object> body = draft(target, "Sort shelf item " + i);
            body.put("targetOwnerUid", "member-ana");
            ApiHub.Answer created = api.post("/api/proposals", agent, body);
            assertThat(created.status()).as(created.body()).isEqualTo(202);
            ids.add(0, created.json().get("proposalId").asText());
        }

        ApiHub.Answer all = api.get("/api/proposals?target=" + target, api.staff());
        assertThat(ids(all)).containsExactlyElementsOf(ids);
        assertThat(all.json().get("nextBefore").isNull()).isTrue();
        assertThat(all.json().at("/proposals/0/risk").asText()).isEqualTo("low");
        assertThat(all.json().at("/proposals/0").has("input")).as("inputs only in the detail view").isFalse();

        List<String> walked = new ArrayList<>();
        String cursor = null;
        do {
            ApiHub.Answer page = api.get("/api/proposals?limit=2&target=" + target
                    + (cursor == null ? "" : "&before=" + cursor), api.staff());
            assertThat(ids(page).size()).isLessThanOrEqualTo(2);
            walked.addAll(ids(page));
            cursor = page.json().get("nextBefore").isNull() ? null : page.json().get("nextBefore").asText();
        } while (cursor != null);
        assertThat(walked).containsExactlyElementsOf(ids);

        String base = "/api/proposals?target=" + target;
        assertThat(ids(api.get(base + "&status=pending_approval&capability=ops.recommendation&owner=member-ana"
                + "&risk=low&newerThan=PT1H&tenant=studio-main", api.staff()))).hasSize(5);
        assertThat(ids(api.get(base + "&status=approved", api.staff()))).isEmpty();
        assertThat(ids(api.get(base + "&risk=high", api.staff()))).isEmpty();
        assertThat(ids(api.get(base + "&owner=member-bo", api.staff()))).isEmpty();
        assertThat(ids(api.get(base + "&olderThan=PT2H", api.staff()))).isEmpty();

        ApiHub.Answer bad = api.get("/api/proposals?limit=500&status=done&olderThan=two-hours&risk=extreme",
                api.staff());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/error/message").asText()).contains("limit").contains("status")
                .contains("olderThan").contains("risk");
        ApiHub.Answer otherStudio = api.get("/api/proposals?tenant=studio-elsewhere", api.staff());
        assertThat(otherStudio.status()).isEqualTo(403);
        assertThat(otherStudio.code()).isEqualTo("TENANT_MISMATCH");
        assertThat(api.get("/api/proposals?before=" + UUID.randomUUID(), api.staff()).status()).isEqualTo(400);
    }

    private static List<String> ids(ApiHub.Answer page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        page.json().get("proposals").forEach(p -> ids.add(p.get("id").asText()));
        return ids;
    }

    private static List<String> fields(ApiHub.Answer answer) {
        List<String> fields = new ArrayList<>();
        for (JsonNode field : answer.json().at("/error/fields")) {
            fields.add(field.get("field").asText());
        }
        return fields;
    }
}
