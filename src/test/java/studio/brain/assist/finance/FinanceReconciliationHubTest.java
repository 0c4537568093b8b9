package studio.brain.assist.finance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.testing.TestHub;

/**
 * Reconciliation on a running hub over the sample studio: the planted discrepancies become finance.flag proposals
 * with their evidence, in the API and the ledger; a second run proposes nothing new.
 */
class FinanceReconciliationHubTest {

    @TempDir
    Path work;

    @Test
    void theSampleStudiosDiscrepanciesBecomeFlagsOnceWithTheirEvidence() throws Exception {
        Map<String, String> env = TestHub.env(work);
        Path routes = Files.createDirectories(Path.of(env.get("STUDIO_BRAIN_ROUTES_DIR")));
        // The run at start waits ten minutes here, so the test's own runs are the only ones.
        Files.writeString(routes.resolve("finance-reconciliation.camel.yaml"), Files.readString(
                Path.of("routes/finance-reconciliation.camel.yaml")).replace("delay: 20000", "delay: 600000"));
        try (TestHub hub = TestHub.start(env)) {
            HttpResponse<String> first = hub.send("POST", "/api/finance/reconciliation/runs", hub.staffHeaders());
            assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
            JsonNode outcomes = TestHub.json(first).get("outcomes");
            assertThat(outcomes).isNotEmpty().allSatisfy(o -> assertThat(o.get("duplicate").asBoolean()).isFalse());

            JsonNode flags = TestHub.json(hub.get("/api/proposals?capability=finance.flag")).get("proposals");
            assertThat(flags).hasSize(outcomes.size());
            assertThat(flags.toString()).contains("finance:duplicate_charge", "finance:recorded_not_paid",
                    "finance:paid_not_recorded");
            String someFlag = flags.get(0).get("id").asText();
            JsonNode detail = TestHub.json(hub.get("/api/proposals/" + someFlag));
            assertThat(detail.at("/proposal/input/note").asText()).contains("Evidence:").contains("Source hash");

            HttpResponse<String> second = hub.send("POST", "/api/finance/reconciliation/runs", hub.staffHeaders());
            assertThat(TestHub.json(second).get("outcomes"))
                    .allSatisfy(o -> assertThat(o.get("duplicate").asBoolean()).isTrue());
            assertThat(TestHub.json(hub.get("/api/proposals?capability=finance.flag")).get("proposals"))
                    .hasSize(outcomes.size());
            assertThat(TestHub.json(hub.get("/api/audit?action=finance.reconciliation_completed")).get("events"))
                    .hasSize(2);

            // Staff turn a flag into a request for the portal to correct the order; another approves it later.
            Map<String, String> json = Map.of("Authorization", hub.staffHeaders().get("Authorization"),
                    "Content-Type", "application/json");
            HttpResponse<String> correction = hub.send("POST", "/api/drafts/" + someFlag + "/correction", json,
                    "{\"orderId\":\"mo-0012\",\"field\":\"status\",\"value\":\"pending\",\"rationale\":"
                            + "\"The payment is still processing, so the order is not paid yet\"}");
            assertThat(correction.statusCode()).as(correction.body()).isEqualTo(202);
            assertThat(TestHub.json(correction).get("status").asText()).isEqualTo("pending_approval");
            JsonNode requests = TestHub.json(hub.get("/api/proposals?capability=finance.correction.request"))
                    .get("proposals");
            assertThat(requests).hasSize(1);
            assertThat(hub.send("POST", "/api/drafts/" + someFlag + "/correction", json,
                    "{\"orderId\":\"mo-0012\",\"field\":\"price\",\"value\":\"1\",\"rationale\":"
                            + "\"The price field is not one we may correct\"}").statusCode()).isEqualTo(422);
        }
    }
}
