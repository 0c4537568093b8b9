package studio.brain.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.testing.TestHub;

/** The audit endpoints of a running hub, and the route.failed record of a failing route. */
class AuditApiTest {

    @Test
    void theTimelineFiltersVerifiesAndExportsABundleThatChecksOffline(@TempDir Path work) throws Exception {
        Path routes = Files.createDirectories(work.resolve("routes"));
        Files.writeString(routes.resolve("failing.camel.yaml"), """
                - route:
                    id: nightly-export
                    from:
                      uri: "timer:nightly-export"
                      parameters:
                        repeatCount: "1"
                      steps:
                        - throwException:
                            exceptionType: "java.lang.IllegalStateException"
                            message: "the export target is full"
                """);
        Map<String, String> env = TestHub.env(work);
        try (TestHub hub = TestHub.start(env)) {
            JsonNode failed = awaitEvents(hub, "/api/audit?action=route.failed");
            JsonNode event = failed.get("events").get(0);
            assertThat(event.at("/metadata/routeId").asText()).isEqualTo("nightly-export");
            assertThat(event.at("/metadata/errorClass").asText()).isEqualTo("java.lang.IllegalStateException");
            assertThat(event.toString()).doesNotContain("the export target is full");
            assertThat(event.get("tenantId").asText()).isEqualTo("studio-main");
            assertThat(event.get("hash").asText()).hasSize(64);

            JsonNode started = awaitEvents(hub, "/api/audit?action=hub.&actorType=system&limit=1");
            assertThat(started.get("events")).hasSize(1);
            assertThat(started.at("/events/0/action").asText()).isEqualTo("hub.started");

            HttpResponse<String> bad = hub.get("/api/audit?limit=9999&from=yesterday");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(TestHub.json(bad).at("/error/message").asText()).contains("limit").contains("from");

            JsonNode verified = TestHub.json(hub.get("/api/audit/verify"));
            assertThat(verified.get("ok").asBoolean()).as(verified.toString()).isTrue();
            awaitEvents(hub, "/api/audit?action=ledger.verified");

            hub.hub().camel().getRegistry().lookupByNameAndType("ledger", Ledger.class).checkpoint();
            HttpResponse<byte[]> export = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + env.get("STUDIO_BRAIN_HTTP_PORT") + "/api/audit/export"))
                            .header("Authorization", "Bearer " + hub.adminToken()).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(export.statusCode()).isEqualTo(200);
            assertThat(export.headers().firstValue("Content-Type")).contains("application/zip");
            Path bundle = Files.createDirectories(work.resolve("bundle"));
            try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(export.body()))) {
                for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                    Files.copy(zip, bundle.resolve(entry.getName()));
                }
            }
            VerifyReport offline = AuditBundle.verify(bundle,
                    hub.hub().camel().getRegistry().lookupByNameAndType("ledger", Ledger.class).verifierKey());
            assertThat(offline.ok()).as(offline.summary()).isTrue();
            assertThat(offline.checkpointsChecked()).isPositive();
            awaitEvents(hub, "/api/audit?action=ledger.exported");

            assertThat(hub.send("POST", "/api/audit/verify", Map.of()).statusCode()).isEqualTo(405);
        }
    }

    @Test
    void theAuditEndpointsAreForStaffOnly(@TempDir Path work) throws Exception {
        try (TestHub hub = TestHub.start(TestHub.env(work))) {
            for (String path : new String[] {"/api/audit", "/api/audit/verify", "/api/audit/export"}) {
                HttpResponse<String> anonymous = hub.send("GET", path, Map.of());
                assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
                assertThat(TestHub.json(anonymous).at("/error/code").asText()).isEqualTo("NOT_AUTHENTICATED");
                assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                        challenge -> assertThat(challenge).contains("Bearer").contains("Delegation"));
                HttpResponse<String> wrong = hub.send("GET", path, Map.of("Authorization", "Bearer not-the-admin-token"));
                assertThat(wrong.statusCode()).as(path).isEqualTo(401);
                assertThat(wrong.body()).doesNotContain("not-the-admin-token");
            }
            assertThat(hub.get("/api/audit?limit=1").statusCode()).isEqualTo(200);
        }
    }

    private static JsonNode awaitEvents(TestHub hub, String path) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = hub.get(path);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            last = TestHub.json(response);
            if (last.get("events").size() > 0) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no events at " + path + ": " + last);
    }
}
