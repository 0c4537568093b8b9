package studio.brain.actions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.testing.TestHub;

/**
 * In anchor mode, with the repository's pilot route files loaded, the pilots stay off: their routes are there but
 * stopped, nothing they need is missing, and the hub is ready, not degraded.
 */
class WritePilotsOffTest {
    @TempDir
    Path work;

    @Test
    void thePilotRoutesLoadButStayStoppedAndTheHubIsReady() throws Exception {
        Map<String, String> env = TestHub.env(work);
        PilotHubs.routes(work, "ops-note-pilot.camel.yaml");
        PilotHubs.routes(work, "hubitat-command-pilot.camel.yaml");
        try (TestHub hub = TestHub.start(env)) {
            JsonNode ready = hub.awaitReadiness(r -> "ready".equals(r.path("status").asText()), Duration.ofSeconds(20));
            assertThat(ready.path("status").asText()).as(ready.toString()).isEqualTo("ready");
            for (String id : new String[] {"execute-ops-note-append", "dry-run-ops-note-append",
                    "execute-ops-note-delete", "execute-hubitat-device-command", "dry-run-hubitat-device-command"}) {
                assertThat(hub.hub().camel().getRouteController().getRouteStatus(id)).as(id)
                        .isEqualTo(ServiceStatus.Stopped);
            }
        }
    }
}
