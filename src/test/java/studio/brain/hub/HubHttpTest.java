package studio.brain.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.testing.TestHub;

/** The probes and the HTTP front of a running hub with the repo's heartbeat route. */
class HubHttpTest {
    @TempDir
    static Path work;
    static TestHub hub;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> env = TestHub.env(work);
        env.put("STUDIO_BRAIN_HEARTBEAT_CRON", "* * * * * ?");
        Files.createDirectories(work.resolve("routes"));
        Files.copy(Path.of("routes/heartbeat.camel.yaml"), work.resolve("routes/heartbeat.camel.yaml"));
        hub = TestHub.start(env);
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void healthzAnswersUp() throws Exception {
        HttpResponse<String> response = hub.get("/healthz");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(TestHub.json(response).get("status").asText()).isEqualTo("up");
    }

    @Test
    void readyzIsReadyWithDatabaseMigrationsAndRoutesUp() throws Exception {
        JsonNode ready = hub.awaitReadiness(r -> "ready".equals(r.path("status").asText()), Duration.ofSeconds(30));
        assertThat(ready.at("/checks/database/status").asText()).isEqualTo("up");
        assertThat(ready.at("/checks/migrations/status").asText()).isEqualTo("up");
        assertThat(ready.at("/checks/routes/status").asText()).isEqualTo("up");
        assertThat(ready.at("/mode/writesEnabled").asBoolean()).isFalse();
        assertThat(ready.at("/mode/tenantId").asText()).isEqualTo("studio-main");
        assertThat(hub.get("/readyz").statusCode()).isEqualTo(200);
    }

    @Test
    void theHeartbeatRunsAsARecordedJobAndShowsInMetrics() throws Exception {
        hub.awaitReadiness(r -> "ready".equals(r.path("status").asText()), Duration.ofSeconds(30));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int succeeded = 0;
        while (succeeded == 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            try (Connection c = hub.hub().database().dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select count(*) from job_runs where route_id = 'heartbeat' "
                         + "and status = 'succeeded' and duration_ms is not null and scheduled_for is not null")) {
                rs.next();
                succeeded = rs.getInt(1);
            }
        }
        assertThat(succeeded).isPositive();
        String metrics = hub.get("/metrics").body();
        assertThat(metrics).contains("studio_brain_job_runs_total{outcome=\"succeeded\",route=\"heartbeat\"}");
        assertThat(metrics).contains("studio_brain_heartbeat_last_success_seconds");
        assertThat(metrics).contains("camel_exchanges_total").contains("jvm_memory_used_bytes");
        assertThat(hub.get("/metrics").headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    }

    @Test
    void unknownPathIsA404JsonErrorCarryingTheRequestId() throws Exception {
        HttpResponse<String> response = hub.get("/no/such/thing");
        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode error = TestHub.json(response).get("error");
        assertThat(error.get("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(error.get("requestId").asText())
                .isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
    }

    @Test
    void wrongMethodIsA405NamingTheAllowedOnes() throws Exception {
        HttpResponse<String> response = hub.send("POST", "/healthz", Map.of());
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow").orElse("")).contains("GET");
        assertThat(TestHub.json(response).at("/error/code").asText()).isEqualTo("METHOD_NOT_ALLOWED");
        assertThat(hub.send("DELETE", "/readyz", Map.of()).statusCode()).isEqualTo(405);
    }

    @Test
    void aSaneRequestIdIsEchoedAndAnInsaneOneReplaced() throws Exception {
        HttpResponse<String> kept = hub.send("GET", "/healthz", Map.of("X-Request-Id", "req-abc.123"));
        assertThat(kept.headers().firstValue("X-Request-Id")).contains("req-abc.123");
        HttpResponse<String> replaced = hub.send("GET", "/healthz", Map.of("X-Request-Id", "<script>" + "x".repeat(200)));
        assertThat(replaced.headers().firstValue("X-Request-Id").orElseThrow()).doesNotContain("<script>").hasSize(36);
        assertThat(replaced.headers().firstValue("breadcrumbId")).isEmpty();
    }

    @Test
    void probesIgnoreParametersAndNeverEchoThem() throws Exception {
        HttpResponse<String> response = hub.send("GET", "/readyz?verbose=%3Cscript%3E&drop=table",
                Map.of("X-Evil", "<script>alert(1)</script>"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("script", "drop", "verbose");
        assertThat(response.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("X-Evil"));
    }
}
