package studio.brain.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.testing.TestHub;

class ReadinessDatabaseTest {

    @Test
    void databaseDownMakesTheHubNotReadyWhileItKeepsAnswering(@TempDir Path work) throws Exception {
        EmbeddedPostgres own = EmbeddedPostgres.builder().start();
        Map<String, String> env = TestHub.env(work);
        env.put("STUDIO_BRAIN_DB_URL", own.getJdbcUrl("postgres", "postgres"));
        try (TestHub hub = TestHub.start(env)) {
            hub.awaitReadiness(r -> "ready".equals(r.path("status").asText()), Duration.ofSeconds(30));
            own.close();

            HttpResponse<String> response = hub.get("/readyz");
            assertThat(response.statusCode()).isEqualTo(503);
            JsonNode body = TestHub.json(response);
            assertThat(body.get("status").asText()).isEqualTo("not_ready");
            assertThat(body.at("/checks/database/status").asText()).isEqualTo("down");
            assertThat(hub.get("/healthz").statusCode()).isEqualTo(200);
        } finally {
            own.close();
        }
    }
}
