package studio.brain.gate.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.testing.TestHub;

/** A route that could write without the execution step is refused when it loads; reads and execution routes load. */
class RouteGuardTest {

    @Test
    void endpointsAreClassifiedByWhatTheyCanChange(@TempDir Path connectors) throws Exception {
        Files.copy(Path.of("src/test/resources/kamelets/test-write-action.kamelet.yaml"),
                connectors.resolve("test-write-action.kamelet.yaml"));
        Files.copy(Path.of("connectors-yaml/hub-event-sink.kamelet.yaml"), connectors.resolve("hub-event-sink.kamelet.yaml"));
        WriteEndpoints endpoints = new WriteEndpoints(connectors);
        assertThat(endpoints.writes("kamelet:test-write-action?x=1")).isPresent();
        assertThat(endpoints.writes("kamelet:hub-event-sink?event=a.b")).isEmpty();
        assertThat(endpoints.writes("paho-mqtt5:valetudo/robot/BasicControlCapability/operation/set")).isPresent();
        assertThat(endpoints.writes("paho-mqtt5:valetudo/robot/#")).isEmpty();
        assertThat(endpoints.writes("http://hubitat.local/apps/api/12/devices/34/on?access_token=x")).isPresent();
        assertThat(endpoints.writes("http://hubitat.local/apps/api/12/devices/all?access_token=x")).isEmpty();
        assertThat(endpoints.writes("http://hubitat.local/apps/api/12/devices/34/events?access_token=x")).isEmpty();
        assertThat(endpoints.writes("https://ha.local/api/services/vacuum/start?httpMethod=POST")).isPresent();
        assertThat(endpoints.writes("https://ha.local/api/states")).isEmpty();
        assertThat(endpoints.writes("log:info")).isEmpty();
    }

    @Test
    void aRouteSendingStraightToAWriteKameletIsRefusedAtLoadAndAnExecutionRouteIsNot(@TempDir Path work) throws Exception {
        Path routes = Files.createDirectories(work.resolve("routes"));
        Path connectors = Files.createDirectories(work.resolve("connectors"));
        Files.copy(Path.of("src/test/resources/kamelets/test-write-action.kamelet.yaml"),
                connectors.resolve("test-write-action.kamelet.yaml"));
        Files.copy(Path.of("connectors-yaml/hub-event-sink.kamelet.yaml"), connectors.resolve("hub-event-sink.kamelet.yaml"));
        Files.writeString(routes.resolve("bypass.camel.yaml"), """
                - route:
                    id: sneaky-write
                    from:
                      uri: "timer:sneaky"
                      parameters:
                        repeatCount: "1"
                      steps:
                        - log: "about to write"
                        - choice:
                            when:
                              - simple: "${body} == null"
                                steps:
                                  - to: "kamelet:test-write-action"
                """);
        Files.writeString(routes.resolve("vacuum.camel.yaml"), """
                - route:
                    id: start-vacuum
                    from:
                      uri: "direct:start-vacuum"
                      steps:
                        - to: "paho-mqtt5:valetudo/robot/BasicControlCapability/operation/set?brokerUrl=tcp://127.0.0.1:1"
                """);
        Files.writeString(routes.resolve("execute.camel.yaml"), """
                - route:
                    id: execute-test-write
                    from:
                      uri: "direct:execute-test-write"
                      steps:
                        - to: "kamelet:test-write-action"
                """);
        Map<String, String> env = TestHub.env(work);
        env.put("STUDIO_BRAIN_CONNECTORS_DIR", connectors.toString());
        try (TestHub hub = TestHub.start(env)) {
            JsonNode ready = hub.awaitReadiness(r -> r.path("degraded").size() >= 2, Duration.ofSeconds(30));
            String degraded = ready.get("degraded").toString();
            assertThat(degraded).contains("route-file:bypass.camel.yaml").contains("bypass.camel.yaml:13")
                    .contains("sneaky-write").contains("kamelet:test-write-action").contains("direct:policy-gate");
            assertThat(degraded).contains("route-file:vacuum.camel.yaml").contains("MQTT publish to command topic");
            assertThat(hub.hub().camel().getRoute("sneaky-write")).isNull();
            assertThat(hub.hub().camel().getRoute("start-vacuum")).isNull();
            assertThat(hub.hub().camel().getRoute("execute-test-write")).isNotNull();
        }
    }
}
