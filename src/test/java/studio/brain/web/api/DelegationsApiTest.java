package studio.brain.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.testing.TestHub;

/** Staff issue, renew and revoke agent delegations over HTTP, and see the tokens that were refused and why. */
class DelegationsApiTest {
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

    private static Map<String, Object> proposal() {
        return ApiHub.json("capabilityId", "ops.recommendation", "target", "kiln-room", "targetOwnerUid", "member-dee",
                "input", ApiHub.json("summary", "Check the kiln elements " + UUID.randomUUID()),
                "rationale", "The last firing ran forty minutes long");
    }

    @Test
    void aDelegationIsIssuedUsedRenewedRevokedAndItsRefusalsTraced() throws Exception {
        ApiHub.Answer issued = api.post("/api/delegations", api.staff(), ApiHub.json("ownerUid", "member-dee",
                "agentUid", "agent-kiln-helper", "scopes", List.of(PROPOSE_DRAFTS), "ttl", "P7D"));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        JsonNode delegation = issued.json().get("delegation");
        String id = delegation.get("id").asText();
        assertThat(delegation.get("status").asText()).isEqualTo("active");
        assertThat(delegation.get("issuedBy").asText()).isEqualTo("local-admin");
        assertThat(delegation.get("scopes")).hasSize(1);
        String first = "Delegation " + issued.json().at("/token/value").asText();
        assertThat(api.post("/api/proposals", first, proposal()).status()).isEqualTo(202);

        ApiHub.Answer renewed = api.post("/api/delegations/" + id + "/token", api.staff(), null);
        assertThat(renewed.status()).as(renewed.body()).isEqualTo(201);
        String second = "Delegation " + renewed.json().at("/token/value").asText();
        assertThat(second).isNotEqualTo(first);
        assertThat(api.post("/api/proposals", second, proposal()).status()).isEqualTo(202);

        JsonNode listed = api.get("/api/delegations", api.staff()).json().get("delegations");
        assertThat(listed.findValuesAsText("id")).contains(id);
        assertThat(listed.toString()).as("a list never shows a token").doesNotContain(
                issued.json().at("/token/value").asText());

        assertThat(api.post("/api/delegations/" + id + "/revoke", api.staff(), ApiHub.json()).code())
                .isEqualTo("INVALID_INPUT");
        ApiHub.Answer revoked = api.post("/api/delegations/" + id + "/revoke", api.staff(),
                ApiHub.json("reason", "The kiln helper is replaced by a new agent"));
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        assertThat(revoked.json().get("status").asText()).isEqualTo("revoked");
        assertThat(revoked.json().get("revokeReason").asText()).contains("replaced");

        ApiHub.Answer refused = api.post("/api/proposals", second, proposal());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("DELEGATION_REVOKED");
        assertThat(api.post("/api/delegations/" + id + "/token", api.staff(), ApiHub.json()).code())
                .isEqualTo("DELEGATION_REVOKED");

        ApiHub.Answer traces = api.get("/api/delegations/traces?limit=10", api.staff());
        assertThat(traces.status()).as(traces.body()).isEqualTo(200);
        JsonNode denial = traces.json().at("/denials/0");
        assertThat(denial.get("reason").asText()).isEqualTo("DELEGATION_REVOKED");
        assertThat(denial.get("delegationId").asText()).isEqualTo(id);
        assertThat(denial.get("agentUid").asText()).isEqualTo("agent-kiln-helper");
        assertThat(denial.get("trace").toString()).contains("signature");
        assertThat(traces.body()).doesNotContain(second.substring("Delegation ".length()));
    }

    @Test
    void badDelegationRequestsAreRefusedWithTheirReason() throws Exception {
        ApiHub.Answer missing = api.post("/api/delegations", api.staff(), ApiHub.json("scopes", "all"));
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.json().at("/error/fields").findValuesAsText("field"))
                .containsExactlyInAnyOrder("/ownerUid", "/agentUid", "/scopes", "/ttl");
        ApiHub.Answer wildcard = api.post("/api/delegations", api.staff(), ApiHub.json("ownerUid", "member-dee",
                "agentUid", "agent-greedy", "scopes", List.of("capability:*:propose"), "ttl", "P1D"));
        assertThat(wildcard.status()).isEqualTo(422);
        assertThat(wildcard.code()).isEqualTo("INVALID_INPUT");
        ApiHub.Answer tooLong = api.post("/api/delegations", api.staff(), ApiHub.json("ownerUid", "member-dee",
                "agentUid", "agent-forever", "scopes", List.of(PROPOSE_DRAFTS), "ttl", "P31D"));
        assertThat(tooLong.status()).isEqualTo(422);
        ApiHub.Answer notADuration = api.post("/api/delegations", api.staff(), ApiHub.json("ownerUid", "member-dee",
                "agentUid", "agent-vague", "scopes", List.of(PROPOSE_DRAFTS), "ttl", "a week"));
        assertThat(notADuration.json().at("/error/fields/0/field").asText()).isEqualTo("/ttl");

        String unknown = "/api/delegations/" + UUID.randomUUID();
        assertThat(api.post(unknown + "/revoke", api.staff(), ApiHub.json("reason", "No such delegation")).status())
                .isEqualTo(404);
        assertThat(api.post(unknown + "/token", api.staff(), null).status()).isEqualTo(404);
        assertThat(api.get("/api/delegations/traces?limit=0", api.staff()).status()).isEqualTo(400);
    }
}
