package studio.brain.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.testing.TestHub;

/**
 * Staff's policy controls over HTTP: the kill switch, exemptions and quotas. The registry is the test's own, so a
 * quota can be reached in three requests and an exemptable write is enabled.
 */
class PolicyApiTest {
    private static final String REGISTRY = """
            version: "3.0"
            capabilities:
              - id: ops.recommendation
                title: Recommend an operations step to staff
                target: local
                mode: write
                risk: low
                approval: required
                exemptable: false
                enabled: true
                limits:
                  perActor: { max: 2, window: PT1H }
                owner: studio-ops
                rollback: reject or withdraw the recommendation
                dryRun: true
                actionSchema:
                  type: object
                  additionalProperties: false
                  required: [summary]
                  properties:
                    summary: { type: string, minLength: 1, maxLength: 200 }
              - id: notify.webhook
                title: Send a short notice to a staff webhook
                target: notify
                mode: write
                risk: low
                approval: required
                exemptable: true
                enabled: true
                owner: studio-ops
                rollback: send a correction; a delivered notice cannot be recalled
                dryRun: true
                actionSchema:
                  type: object
                  additionalProperties: false
                  required: [channel, message]
                  properties:
                    channel: { type: string, pattern: "^[a-z0-9-]{1,50}$" }
                    message: { type: string, minLength: 1, maxLength: 1000 }
            """;

    @TempDir
    static Path work;
    static ApiHub api;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> env = TestHub.env(work);
        env.put("STUDIO_BRAIN_POLICIES_DIR", ApiHub.policies(work, REGISTRY).toString());
        api = ApiHub.start(env);
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    private static Map<String, Object> notice(String message) {
        return ApiHub.json("capabilityId", "notify.webhook", "target", "front-desk", "input",
                ApiHub.json("channel", "front-desk", "message", message),
                "rationale", "Members should know before they arrive");
    }

    @Test
    void theKillSwitchFlipsWithARationaleKeepsItsHistoryAndBlocksWrites() throws Exception {
        JsonNode off = api.get("/api/policy/kill-switch", api.staff()).json();
        assertThat(off.get("on").asBoolean()).isFalse();
        ApiHub.Answer delete = api.send("DELETE", "/api/policy/kill-switch", api.staff(), null, Map.of());
        assertThat(delete.status()).isEqualTo(405);
        assertThat(delete.header("Allow")).isEqualTo("GET, POST");

        ApiHub.Answer noReason = api.post("/api/policy/kill-switch", api.staff(), ApiHub.json("on", true));
        assertThat(noReason.status()).isEqualTo(422);
        assertThat(noReason.code()).isEqualTo("RATIONALE_REQUIRED");
        ApiHub.Answer noPosition = api.post("/api/policy/kill-switch", api.staff(), ApiHub.json("on", "yes"));
        assertThat(noPosition.status()).isEqualTo(422);
        assertThat(noPosition.json().at("/error/fields/0/field").asText()).isEqualTo("/on");

        try {
            ApiHub.Answer on = api.post("/api/policy/kill-switch", api.staff(), ApiHub.json("on", true,
                    "rationale", "A glaze spill in the kiln room needs cleaning first"));
            assertThat(on.status()).as(on.body()).isEqualTo(200);
            assertThat(on.json().get("on").asBoolean()).isTrue();
            assertThat(on.json().get("changedBy").asText()).isEqualTo("local-admin");
            ApiHub.Answer blocked = api.post("/api/proposals", api.staff(), notice("Kiln room closed until noon"));
            assertThat(blocked.status()).isEqualTo(403);
            assertThat(blocked.code()).isEqualTo("BLOCKED_BY_POLICY");
        } finally {
            api.post("/api/policy/kill-switch", api.staff(), ApiHub.json("on", false,
                    "rationale", "The spill is cleaned and the room is safe"));
        }
        JsonNode history = api.get("/api/policy/kill-switch", api.staff()).json();
        assertThat(history.get("on").asBoolean()).isFalse();
        assertThat(history.get("history")).hasSize(2);
        assertThat(history.at("/history/1/rationale").asText()).contains("glaze spill");
        assertThat(api.auditActions("action=policy.kill_switch")).containsExactly("policy.kill_switch_off",
                "policy.kill_switch_on");
    }

    @Test
    void anExemptionApprovesAtOnceUntilItIsRevoked() throws Exception {
        String later = Instant.now().plus(Duration.ofDays(2)).toString();
        assertThat(api.post("/api/policy/exemptions", api.staff(), ApiHub.json("capabilityId", "ops.recommendation",
                "expiresAt", later, "justification", "Recommendations are harmless drafts")).code())
                .isEqualTo("NOT_EXEMPTABLE");
        assertThat(api.post("/api/policy/exemptions", api.staff(), ApiHub.json("capabilityId", "kiln.fire",
                "expiresAt", later, "justification", "There is no such capability here")).status()).isEqualTo(404);
        ApiHub.Answer tooLong = api.post("/api/policy/exemptions", api.staff(), ApiHub.json("capabilityId",
                "notify.webhook", "expiresAt", Instant.now().plus(Duration.ofDays(31)).toString(),
                "justification", "A whole month of notices without asking"));
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.code()).isEqualTo("INVALID_INPUT");
        ApiHub.Answer missing = api.post("/api/policy/exemptions", api.staff(), ApiHub.json("expiresAt", "tomorrow"));
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.json().at("/error/fields").findValuesAsText("field"))
                .containsExactlyInAnyOrder("/capabilityId", "/expiresAt");

        ApiHub.Answer created = api.post("/api/policy/exemptions", api.staff(), ApiHub.json("capabilityId",
                "notify.webhook", "expiresAt", later,
                "justification", "Front-desk notices during the open studio weekend"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("status").asText()).isEqualTo("live");
        String id = created.json().get("id").asText();

        ApiHub.Answer allowed = api.post("/api/proposals", api.staff(), notice("Open studio starts at ten"));
        assertThat(allowed.status()).as(allowed.body()).isEqualTo(200);
        assertThat(allowed.json().get("reason").asText()).isEqualTo("ALLOWED");
        assertThat(allowed.json().get("status").asText()).isEqualTo("approved");
        assertThat(allowed.json().get("grant").asText()).startsWith("v1.");

        JsonNode listed = api.get("/api/policy/exemptions", api.staff()).json().get("exemptions");
        assertThat(listed.findValuesAsText("id")).contains(id);

        assertThat(api.post("/api/policy/exemptions/" + id + "/revoke", api.staff(), ApiHub.json()).code())
                .isEqualTo("RATIONALE_REQUIRED");
        ApiHub.Answer revoked = api.post("/api/policy/exemptions/" + id + "/revoke", api.staff(),
                ApiHub.json("rationale", "The open studio weekend is over"));
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        assertThat(revoked.json().get("status").asText()).isEqualTo("revoked");
        assertThat(api.post("/api/policy/exemptions/" + id + "/revoke", api.staff(),
                ApiHub.json("rationale", "Revoking it a second time")).code()).isEqualTo("ALREADY_DECIDED");
        assertThat(api.post("/api/policy/exemptions/ex-" + UUID.randomUUID() + "/revoke", api.staff(),
                ApiHub.json("rationale", "This exemption never existed")).status()).isEqualTo(404);
        for (JsonNode exemption : api.get("/api/policy/exemptions", api.staff()).json().get("exemptions")) {
            if (exemption.get("id").asText().equals(id)) {
                assertThat(exemption.get("status").asText()).isEqualTo("revoked");
            }
        }

        ApiHub.Answer waits = api.post("/api/proposals", api.staff(), notice("Open studio is over, thank you"));
        assertThat(waits.status()).isEqualTo(202);
        assertThat(api.auditActions("action=policy.exemption_")).containsExactly("policy.exemption_revoked",
                "policy.exemption_created");
    }

    @Test
    void aFullQuotaAnswers429WithRetryAfterUntilStaffResetIt() throws Exception {
        for (int i = 0; i < 2; i++) {
            ApiHub.Answer created = api.post("/api/proposals", api.staff(), ApiHub.json("capabilityId",
                    "ops.recommendation", "target", "kiln-room", "input", ApiHub.json("summary", "Quota step " + i),
                    "rationale", "Counting towards the hourly limit"));
            assertThat(created.status()).as(created.body()).isEqualTo(202);
        }
        Map<String, Object> third = ApiHub.json("capabilityId", "ops.recommendation", "target", "kiln-room",
                "input", ApiHub.json("summary", "One recommendation too many"),
                "rationale", "This one goes over the hourly limit");
        Map<String, String> key = Map.of("Idempotency-Key", "third-" + UUID.randomUUID());
        ApiHub.Answer limited = api.post("/api/proposals", api.staff(), third, key);
        assertThat(limited.status()).as(limited.body()).isEqualTo(429);
        assertThat(limited.code()).isEqualTo("RATE_LIMITED");
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 3600L);
        assertThat(limited.json().at("/error/retryAfterSeconds").asLong()).isEqualTo(retryAfter);
        assertThat(limited.json().at("/error/decisionId").asText()).isNotEmpty();
        assertThat(api.auditActions("action=rate_limit.triggered")).hasSize(1);

        String bucket = "actor:local-admin:ops.recommendation";
        JsonNode quotas = api.get("/api/policy/quotas", api.staff()).json().get("quotas");
        JsonNode counter = null;
        for (JsonNode quota : quotas) {
            if (quota.get("bucket").asText().equals(bucket)) {
                counter = quota;
            }
        }
        assertThat(counter).as(quotas.toString()).isNotNull();
        assertThat(counter.get("used").asInt()).isEqualTo(2);

        assertThat(api.post("/api/policy/quotas/" + bucket + "/reset", api.staff(), ApiHub.json()).code())
                .isEqualTo("RATIONALE_REQUIRED");
        ApiHub.Answer reset = api.post("/api/policy/quotas/" + bucket + "/reset", api.staff(),
                ApiHub.json("rationale", "The burst was a one-off planning session"));
        assertThat(reset.status()).as(reset.body()).isEqualTo(200);
        assertThat(reset.json().get("windowsReset").asInt()).isEqualTo(1);
        assertThat(api.auditActions("action=policy.quota_reset")).hasSize(1);

        // A rate-limited answer was not kept: the same key runs again once there is room.
        ApiHub.Answer retried = api.post("/api/proposals", api.staff(), third, key);
        assertThat(retried.status()).as(retried.body()).isEqualTo(202);
        assertThat(retried.header("Idempotent-Replayed")).isNull();
    }
}
