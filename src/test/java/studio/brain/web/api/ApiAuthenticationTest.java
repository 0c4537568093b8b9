package studio.brain.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.testing.TestHub;

/** Who may call what: every /api/ endpoint wants a credential, and staff-only endpoints want staff. */
class ApiAuthenticationTest {
    private static final String PROPOSE_DRAFTS = "capability:ops.recommendation:propose";

    @TempDir
    static Path work;
    static ApiHub api;

    @BeforeAll
    static void start() throws Exception {
        api = ApiHub.start(TestHub.env(work));
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void everyEndpointAnswersAMissingCredentialWith401AndAChallenge() throws Exception {
        List<String> wrong = new ArrayList<>();
        JsonNode paths = OpenApiDocument.build("test").get("paths");
        paths.fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            String method = operation.getKey();
            if (OpenApiDocument.WEBHOOK_ACCESS.equals(operation.getValue().path("x-access").asText())) {
                return; // signed, not signed in: its 401s are the intake tests'
            }
            String concrete = path.getKey().replace("{id}", UUID.randomUUID().toString())
                    .replace("{bucket}", "capability:ops.recommendation").replace("{view}", "latest");
            try {
                ApiHub.Answer answer = api.send(method.toUpperCase(Locale.ROOT), concrete, null,
                        method.equals("post") ? Map.of() : null, Map.of());
                String challenge = answer.header("WWW-Authenticate");
                if (answer.status() != 401 || !"NOT_AUTHENTICATED".equals(answer.code()) || challenge == null
                        || !challenge.contains("Bearer") || !challenge.contains("Delegation")
                        || answer.json().at("/error/requestId").asText().isEmpty()) {
                    wrong.add(method + " " + concrete + " -> " + answer);
                }
            } catch (Exception e) {
                wrong.add(method + " " + concrete + " -> " + e);
            }
        }));
        assertThat(wrong).isEmpty();
    }

    @Test
    void aGarbageOrForeignCredentialIsNotAuthenticatedAndNeverEchoed() throws Exception {
        for (String credential : List.of("Bearer garbage-token-that-is-not-the-admin-one",
                "Bearer " + api.hub.adminToken() + "x", "Basic YWRtaW46YWRtaW4=", "Bearer", "Delegation abc.def.ghi")) {
            ApiHub.Answer answer = api.get("/api/capabilities", credential);
            assertThat(answer.status()).as(credential).isEqualTo(401);
            assertThat(answer.code()).isEqualTo("NOT_AUTHENTICATED");
            assertThat(answer.body()).doesNotContain("garbage-token").doesNotContain(api.hub.adminToken());
        }
        // An agent's token is a delegation, never a staff sign-in, whatever scheme it is sent with.
        String agent = api.agent("member-ana", "agent-glaze-bot", PROPOSE_DRAFTS);
        ApiHub.Answer posing = api.get("/api/capabilities", "Bearer " + agent.substring("Delegation ".length()));
        assertThat(posing.status()).isEqualTo(401);
    }

    @Test
    void aCredentialInTheQueryStringIsIgnored() throws Exception {
        String token = api.hub.adminToken();
        ApiHub.Answer answer = api.get("/api/capabilities?Authorization=Bearer%20" + token, null);
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body()).doesNotContain(token);
    }

    @Test
    void staffReadTheRegistry() throws Exception {
        ApiHub.Answer answer = api.get("/api/capabilities", api.staff());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("version").asText()).isEqualTo("3.0");
        assertThat(answer.json().get("hash").asText()).hasSize(64);
        assertThat(answer.json().get("capabilities").findValuesAsText("id")).contains("ops.recommendation",
                "hubitat.device.command");
        assertThat(answer.json().get("refused")).isEmpty();
    }

    @Test
    void anAgentIsRefusedOnStaffEndpointsAndTheRefusalIsOnRecord() throws Exception {
        String agent = api.agent("member-bo", "agent-kiln-watch", PROPOSE_DRAFTS);
        for (String path : List.of("/api/capabilities", "/api/proposals", "/api/policy/kill-switch",
                "/api/delegations", "/api/audit")) {
            ApiHub.Answer answer = api.get(path, agent);
            assertThat(answer.status()).as(path + " " + answer).isEqualTo(403);
            assertThat(answer.code()).isEqualTo("FORBIDDEN");
            assertThat(answer.json().at("/error/message").asText()).contains("staff");
        }
        ApiHub.Answer flip = api.post("/api/policy/kill-switch", agent,
                ApiHub.json("on", true, "rationale", "The agent thinks the kiln room is unsafe"));
        assertThat(flip.status()).isEqualTo(403);
        ApiHub.Answer issue = api.post("/api/delegations", agent, ApiHub.json("ownerUid", "member-bo",
                "agentUid", "agent-other", "scopes", List.of(PROPOSE_DRAFTS), "ttl", "P1D"));
        assertThat(issue.status()).isEqualTo(403);
        assertThat(api.get("/api/policy/kill-switch", api.staff()).json().get("on").asBoolean()).isFalse();

        assertThat(api.auditActions("action=api.access_refused&actor=agent-kiln-watch"))
                .hasSizeGreaterThanOrEqualTo(7);
        // What an agent may do: read how the API works.
        assertThat(api.get("/api/openapi.json", agent).status()).isEqualTo(200);
    }

    @Test
    void aRevokedDelegationIsRefusedWithItsReason() throws Exception {
        String agent = api.agent("member-cy", "agent-revoked", PROPOSE_DRAFTS);
        JsonNode delegations = api.get("/api/delegations", api.staff()).json().get("delegations");
        String id = null;
        for (JsonNode d : delegations) {
            if (d.get("agentUid").asText().equals("agent-revoked")) {
                id = d.get("id").asText();
            }
        }
        assertThat(api.post("/api/delegations/" + id + "/revoke", api.staff(),
                ApiHub.json("reason", "The agent was retired")).status()).isEqualTo(200);
        ApiHub.Answer answer = api.post("/api/proposals", agent, ApiHub.json("capabilityId", "ops.recommendation",
                "target", "kiln-room", "input", ApiHub.json("summary", "Fire the bisque load tonight"),
                "rationale", "Twelve batches wait for a bisque firing"));
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.code()).isEqualTo("DELEGATION_REVOKED");
        assertThat(answer.header("WWW-Authenticate")).isNull();
    }
}
