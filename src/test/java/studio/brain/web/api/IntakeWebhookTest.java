package studio.brain.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.intake.WebhookSignature;
import studio.brain.testing.TestHub;

/**
 * The intake webhook on a running hub: a signed infringing request goes to review and holds its work item — an
 * approved proposal about it cannot execute and no new one can be made — until staff override; an innocent request
 * passes; unsigned, old, malformed and repeated calls change nothing.
 */
class IntakeWebhookTest {
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "intake-webhook-test-secret-32-bytes!".getBytes(StandardCharsets.UTF_8));
    private static final String SENT = "mock:intake-test-sent";

    @TempDir
    static Path work;
    static ApiHub api;
    static String agent;
    static String dbUrl;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> env = TestHub.env(work);
        env.put("STUDIO_BRAIN_WRITES_ENABLED", "true");
        env.put("STUDIO_BRAIN_INTAKE_WEBHOOK_SECRET", SECRET);
        dbUrl = env.get("STUDIO_BRAIN_DB_URL");
        Path routes = Files.createDirectories(work.resolve("routes"));
        Files.copy(Path.of("routes/intake-webhook.camel.yaml"), routes.resolve("intake-webhook.camel.yaml"));
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
        agent = api.agent("member-ana", "agent-merch-bot", "capability:ops.recommendation:propose");
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void anInfringingRequestHoldsItsWorkItemUntilStaffOverrideAndAnInnocentOnePasses() throws Exception {
        String proposal = propose("wi-merch-1");
        ApiHub.Answer approved = api.post("/api/proposals/" + proposal + "/approve", api.staff(),
                ApiHub.json("rationale", "Market stall restock is due before the weekend"));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        String grant = approved.json().get("grant").asText();

        ApiHub.Answer flagged = webhook(UUID.randomUUID().toString(), Instant.now(), flag("wi-merch-1",
                "Counterfeit Nike swoosh mugs, 200 pieces, to sell online."));
        assertThat(flagged.status()).as(flagged.body()).isEqualTo(202);
        assertThat(flagged.json().get("category").asText()).isEqualTo("ip_infringement");
        assertThat(flagged.json().get("disposition").asText()).isEqualTo("manual_review");
        String intakeId = flagged.json().get("intakeId").asText();
        assertThat(api.get("/api/intake/review-queue", api.staff()).json().get("items").toString()).contains(intakeId);

        ApiHub.Answer held = api.post("/api/proposals/" + proposal + "/execute", api.staff(), ApiHub.json("grant", grant));
        assertThat(held.status()).as(held.body()).isEqualTo(409);
        assertThat(held.code()).isEqualTo("INTAKE_HOLD");
        ApiHub.Answer refused = api.post("/api/proposals", agent, proposalBody("wi-merch-1", "restock two"));
        assertThat(refused.code()).as(refused.body()).isEqualTo("INTAKE_HOLD");

        ApiHub.Answer wrongCode = api.post("/api/intake/" + intakeId + "/decision", api.staff(), ApiHub.json(
                "decision", "override_granted", "reasonCode", "policy_trademark", "rationale",
                "The member holds a written licence from the brand owner"));
        assertThat(wrongCode.status()).isEqualTo(422);
        ApiHub.Answer granted = api.post("/api/intake/" + intakeId + "/decision", api.staff(), ApiHub.json(
                "decision", "override_granted", "reasonCode", "staff_override_licensed", "rationale",
                "The member holds a written licence from the brand owner"));
        assertThat(granted.status()).as(granted.body()).isEqualTo(200);
        assertThat(granted.json().get("status").asText()).isEqualTo("override_granted");
        ApiHub.Answer executed = api.post("/api/proposals/" + proposal + "/execute", api.staff(),
                ApiHub.json("grant", grant));
        assertThat(executed.status()).as(executed.body()).isEqualTo(200);

        ApiHub.Answer innocent = webhook(UUID.randomUUID().toString(), Instant.now(), flag("wi-vase-2",
                "A replica of my own vase in celadon glaze, with a gun-metal rim, for the spring show."));
        assertThat(innocent.status()).as(innocent.body()).isEqualTo(202);
        assertThat(innocent.json().get("category").asText()).isEqualTo("none");
        assertThat(innocent.json().get("disposition").asText()).isEqualTo("allow");

        assertThat(api.auditActions("action=intake.")).contains("intake.classified", "intake.routed_to_review",
                "intake.override_granted");
        assertThat(api.get("/api/audit/verify", api.staff()).json().get("ok").asBoolean()).isTrue();
    }

    @Test
    void aDeniedOverrideKeepsTheWorkItemBlockedAndRejectsItsOpenProposals() throws Exception {
        String proposal = propose("wi-merch-3");
        ApiHub.Answer flagged = webhook(UUID.randomUUID().toString(), Instant.now(), flag("wi-merch-3",
                "Chanel logo plates for resale at my boutique."));
        assertThat(flagged.status()).as(flagged.body()).isEqualTo(202);
        String intakeId = flagged.json().get("intakeId").asText();
        ApiHub.Answer denied = api.post("/api/intake/" + intakeId + "/decision", api.staff(), ApiHub.json(
                "decision", "override_denied", "reasonCode", "policy_trademark_resale", "rationale",
                "Branded resale without a licence is not work we take on"));
        assertThat(denied.status()).as(denied.body()).isEqualTo(200);
        assertThat(api.get("/api/proposals/" + proposal, api.staff()).json().at("/proposal/status").asText())
                .isEqualTo("rejected");
        assertThat(api.post("/api/intake/" + intakeId + "/decision", api.staff(), ApiHub.json(
                "decision", "override_granted", "reasonCode", "staff_override_second_look", "rationale",
                "Taking a second look at this one")).code()).isEqualTo("ALREADY_DECIDED");
        assertThat(api.post("/api/proposals", agent, proposalBody("wi-merch-3", "again")).code())
                .isEqualTo("INTAKE_HOLD");
    }

    @Test
    void unsignedOldMalformedAndRepeatedCallsChangeNothing() throws Exception {
        long before = rows();
        byte[] body = flag("wi-plain-4", "Twelve bisque bowls for the Tuesday class.");
        ApiHub.Answer unsigned = api.send("POST", "/api/intake/flags", null, raw(body), Map.of());
        assertThat(unsigned.status()).isEqualTo(401);
        assertThat(unsigned.code()).isEqualTo("NOT_AUTHENTICATED");
        ApiHub.Answer old = webhook("msg-old", Instant.now().minusSeconds(600), body);
        assertThat(old.status()).isEqualTo(401);
        ApiHub.Answer forged = api.send("POST", "/api/intake/flags", null, raw(body), Map.of("webhook-id", "msg-f",
                "webhook-timestamp", Long.toString(Instant.now().getEpochSecond()),
                "webhook-signature", "v1," + Base64.getEncoder().encodeToString(new byte[32])));
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.body()).doesNotContain(SECRET.substring(6, 20));
        ApiHub.Answer malformed = webhook("msg-bad", Instant.now(),
                "{\"workItemId\":\"wi 5\",\"actor\":{\"type\":\"robot\"},\"source\":\"portal\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(malformed.status()).isEqualTo(422);
        assertThat(malformed.json().at("/error/fields").toString()).contains("/workItemId", "/actor/type", "/description");
        assertThat(rows()).isEqualTo(before);

        ApiHub.Answer first = webhook("msg-once", Instant.now(), body);
        ApiHub.Answer again = webhook("msg-once", Instant.now(), body);
        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.json().get("intakeId")).isEqualTo(first.json().get("intakeId"));
        ApiHub.Answer otherBody = webhook("msg-once", Instant.now(), flag("wi-plain-4", "Something else entirely."));
        assertThat(otherBody.status()).isEqualTo(409);
        assertThat(rows()).isEqualTo(before + 1);
    }

    private static String propose(String workItem) throws Exception {
        ApiHub.Answer created = api.post("/api/proposals", agent, proposalBody(workItem, "restock"));
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        return created.json().get("proposalId").asText();
    }

    private static Map<String, Object> proposalBody(String workItem, String summary) {
        return ApiHub.json("capabilityId", "ops.recommendation", "target", "market-stall", "targetOwnerUid",
                "member-ana", "workItemId", workItem, "input", ApiHub.json("summary", summary + " " + workItem),
                "rationale", "The weekend market needs the stall restocked in time");
    }

    private static byte[] flag(String workItem, String description) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(ApiHub.json(
                "workItemId", workItem, "ownerUid", "member-ana", "actor", ApiHub.json("type", "agent", "id",
                        "agent-merch-bot"), "description", description, "tags", java.util.List.of("merch"),
                "source", "portal"));
    }

    private static ApiHub.Answer webhook(String id, Instant at, byte[] body) throws Exception {
        long timestamp = at.getEpochSecond();
        return api.send("POST", "/api/intake/flags", null, raw(body), Map.of("webhook-id", id,
                "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", WebhookSignature.sign(SECRET, id, timestamp, body)));
    }

    private static Object raw(byte[] body) {
        return ApiHub.raw(new String(body, StandardCharsets.UTF_8));
    }

    private static long rows() throws Exception {
        try (Connection c = DriverManager.getConnection(dbUrl, "postgres", null); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from intake_items")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
