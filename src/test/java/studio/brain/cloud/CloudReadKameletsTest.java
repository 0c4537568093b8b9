package studio.brain.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.testing.TestHub;

/** The read Kamelets as an integrator uses them: from a YAML route, over the hub's configured (sample) sources. */
class CloudReadKameletsTest {

    @TempDir
    Path work;

    @Test
    void aYamlRouteCountsListsAndReadsPaymentsThroughTheKamelets() throws Exception {
        Map<String, String> env = TestHub.env(work);
        Path routes = Files.createDirectories(Path.of(env.get("STUDIO_BRAIN_ROUTES_DIR")));
        Path export = SampleStudio.extract(work.resolve("an-export"));
        Files.writeString(routes.resolve("export.camel.yaml"), """
                - route:
                    id: export-reports
                    from:
                      uri: "platform-http:/reads/export-reports"
                      steps:
                        - to:
                            uri: "kamelet:export-file-read-action"
                            parameters:
                              dir: "%s"
                              operation: count
                              collection: communityReports
                              field: severity
                              operator: equal
                              values: high
                        - marshal:
                            json: {}
                """.formatted(export.toString().replace("\\", "/")));
        Files.writeString(routes.resolve("reads.camel.yaml"), """
                - route:
                    id: firing-batches
                    from:
                      uri: "platform-http:/reads/firing-batches"
                      steps:
                        - to:
                            uri: "kamelet:firestore-read-action"
                            parameters:
                              operation: count
                              collection: batches
                              field: state
                              operator: in
                              values: "FIRING,firing,Firing"
                        - marshal:
                            json: {}
                - route:
                    id: first-orders
                    from:
                      uri: "platform-http:/reads/first-orders"
                      steps:
                        - to:
                            uri: "kamelet:firestore-read-action"
                            parameters:
                              operation: list
                              collection: materialsOrders
                              fields: "status,amountCents"
                              limit: "3"
                        - marshal:
                            json: {}
                - route:
                    id: recent-intents
                    from:
                      uri: "platform-http:/reads/intents"
                      steps:
                        - to:
                            uri: "kamelet:stripe-read-action"
                            parameters:
                              object: payment_intents
                              from: "2026-01-01T00:00:00Z"
                              to: "2027-01-01T00:00:00Z"
                        - marshal:
                            json: {}
                - route:
                    id: bad-read
                    from:
                      uri: "platform-http:/reads/bad"
                      steps:
                        - to:
                            uri: "kamelet:firestore-read-action"
                            parameters:
                              operation: delete
                              collection: batches
                """);
        try (TestHub hub = TestHub.start(env)) {
            hub.awaitReadiness(r -> r.path("checks").path("routes").path("started").asInt() >= 5,
                    java.time.Duration.ofSeconds(30));
            JsonNode firing = TestHub.json(hub.send("GET", "/reads/firing-batches", Map.of()));
            assertThat(firing.get("source").asText()).isEqualTo("export-file");
            assertThat(firing.get("sampleData").asBoolean()).isTrue();
            assertThat(firing.get("count").asLong()).isEqualTo(ExportFileDocumentSource.sampleStudio(
                    hub.hub().config().dataDir()).count("batches", java.util.List.of(
                    FieldFilter.in("state", "FIRING", "firing", "Firing"))));

            JsonNode orders = TestHub.json(hub.send("GET", "/reads/first-orders", Map.of()));
            assertThat(orders.get("documents")).hasSize(3);
            assertThat(orders.get("documents").get(0).get("fields").fieldNames()).toIterable()
                    .isSubsetOf("status", "amountCents");

            JsonNode intents = TestHub.json(hub.send("GET", "/reads/intents", Map.of()));
            assertThat(intents.get("count").asInt()).isEqualTo(62);
            assertThat(intents.get("records").get(0).get("id").asText()).startsWith("pi_");

            assertThat(hub.send("GET", "/reads/bad", Map.of()).statusCode()).isEqualTo(500);

            JsonNode reports = TestHub.json(hub.send("GET", "/reads/export-reports", Map.of()));
            assertThat(reports.get("source").asText()).isEqualTo("export-file");
            assertThat(reports.get("sampleData").asBoolean()).isFalse();
            assertThat(reports.get("count").asLong()).isEqualTo(ExportFileDocumentSource.of(export)
                    .count("communityReports", java.util.List.of(FieldFilter.eq("severity", "high"))));
        }
    }
}
