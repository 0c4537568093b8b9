package studio.brain.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.testing.TestHub;

/** A bad route or Kamelet file costs only itself: the hub starts, stays ready, and names what it refused. */
class RouteLoadingTest {

    private static final String GOOD = """
            - route:
                id: good-ticker
                from:
                  uri: "timer:good-ticker"
                  parameters:
                    period: "60000"
                  steps:
                    - log: "tick"
            """;

    private static String reason(JsonNode ready, String component) {
        for (JsonNode d : ready.get("degraded")) {
            if (d.get("component").asText().equals(component)) {
                return d.get("reason").asText();
            }
        }
        return null;
    }

    @Test
    void malformedRouteFilesAndKameletsAreRefusedWithFileLineAndReason(@TempDir Path work) throws Exception {
        Path routes = Files.createDirectories(work.resolve("routes"));
        Path connectors = Files.createDirectories(work.resolve("connectors"));
        Files.copy(Path.of("connectors-yaml/hub-event-sink.kamelet.yaml"), connectors.resolve("hub-event-sink.kamelet.yaml"));
        Files.writeString(routes.resolve("good.camel.yaml"), GOOD);
        Files.writeString(routes.resolve("broken-yaml.camel.yaml"), """
                - route:
                    id: broken
                    from:
                      uri: "timer:x"
                        steps: [
                """);
        Files.writeString(routes.resolve("no-id.camel.yaml"), """
                - route:
                    from:
                      uri: "timer:no-id"
                      steps:
                        - log: "x"
                """);
        Files.writeString(routes.resolve("unknown-component.camel.yaml"), """
                - route:
                    id: unknown-component
                    from:
                      uri: "timer:uc"
                      steps:
                        - to: "nosuchcomponent:thing"
                """);
        Files.writeString(connectors.resolve("broken.kamelet.yaml"), """
                apiVersion: camel.apache.org/v1
                kind: Kamelet
                metadata:
                  name: not-the-file-name
                spec:
                  template: {}
                """);
        Map<String, String> env = TestHub.env(work);
        env.put("STUDIO_BRAIN_CONNECTORS_DIR", connectors.toString());
        try (TestHub hub = TestHub.start(env)) {
            JsonNode ready = hub.awaitReadiness(r -> "degraded".equals(r.path("status").asText())
                    && r.at("/checks/database/status").asText().equals("up"), Duration.ofSeconds(30));
            assertThat(hub.get("/readyz").statusCode()).isEqualTo(200);

            assertThat(reason(ready, "route-file:broken-yaml.camel.yaml")).contains("broken-yaml.camel.yaml:5");
            assertThat(reason(ready, "route-file:no-id.camel.yaml")).contains("no-id.camel.yaml:").contains("has no id");
            assertThat(reason(ready, "route-file:unknown-component.camel.yaml")).contains("nosuchcomponent");
            assertThat(reason(ready, "kamelet:broken.kamelet.yaml")).contains("metadata.name");
            assertThat(reason(ready, "route-file:good.camel.yaml")).isNull();

            assertThat(hub.hub().camel().getRouteController().getRouteStatus("good-ticker").isStarted()).isTrue();
            assertThat(hub.hub().camel().getRoute("unknown-component")).isNull();
        }
    }

    @Test
    void withReloadOnAGoodEditReplacesTheRouteAndABadEditKeepsThePreviousVersion(@TempDir Path work) throws Exception {
        Path routes = Files.createDirectories(work.resolve("routes"));
        Path file = routes.resolve("ticker.camel.yaml");
        Files.writeString(file, GOOD);
        Map<String, String> env = TestHub.env(work);
        env.put("STUDIO_BRAIN_ROUTES_RELOAD", "true");
        try (TestHub hub = TestHub.start(env)) {
            assertThat(endpointOf(hub, "good-ticker")).isEqualTo("timer://good-ticker");

            Files.writeString(file, GOOD.replace("uri: \"timer:good-ticker\"", "uri: \"timer:second-version\""));
            awaitEndpoint(hub, "good-ticker", "timer://second-version");

            Files.writeString(file, GOOD.replace("steps:", "steps: [oops"));
            JsonNode ready = hub.awaitReadiness(r -> reason(r, "route-file:ticker.camel.yaml") != null,
                    Duration.ofSeconds(15));
            assertThat(ready.get("status").asText()).isEqualTo("degraded");
            assertThat(endpointOf(hub, "good-ticker")).isEqualTo("timer://second-version");
            assertThat(hub.hub().camel().getRouteController().getRouteStatus("good-ticker").isStarted()).isTrue();

            Files.writeString(file, GOOD.replace("uri: \"timer:good-ticker\"", "uri: \"timer:third-version\""));
            awaitEndpoint(hub, "good-ticker", "timer://third-version");
            hub.awaitReadiness(r -> reason(r, "route-file:ticker.camel.yaml") == null, Duration.ofSeconds(15));

            Files.delete(file);
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (hub.hub().camel().getRoute("good-ticker") != null && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(hub.hub().camel().getRoute("good-ticker")).isNull();
        }
    }

    @Test
    void aRouteWhoseBrokerIsDownIsRetriedAndNamedWhileTheHubStaysReady(@TempDir Path work) throws Exception {
        Path routes = Files.createDirectories(work.resolve("routes"));
        int closedPort = studio.brain.testing.Ports.free();
        Files.writeString(routes.resolve("vacuum-status.camel.yaml"), """
                - route:
                    id: vacuum-status
                    from:
                      uri: "paho-mqtt5:valetudo/robot/#"
                      parameters:
                        brokerUrl: "tcp://127.0.0.1:%d"
                      steps:
                        - log: "status ${body}"
                """.formatted(closedPort));
        Files.writeString(routes.resolve("good.camel.yaml"), GOOD);
        try (TestHub hub = TestHub.start(TestHub.env(work))) {
            JsonNode ready = hub.awaitReadiness(r -> String.valueOf(reason(r, "route:vacuum-status")).contains("retrying")
                    && r.at("/checks/database/status").asText().equals("up"), Duration.ofSeconds(30));
            assertThat(ready.get("status").asText()).isEqualTo("degraded");
            assertThat(reason(ready, "route:vacuum-status")).contains("retrying with backoff");
            assertThat(hub.get("/readyz").statusCode()).isEqualTo(200);
            assertThat(hub.hub().camel().getRouteController().getRouteStatus("good-ticker").isStarted()).isTrue();
            assertThat(hub.hub().camel().getRoute("vacuum-status")).as("kept for the next retry").isNotNull();
        }
    }

    private static String endpointOf(TestHub hub, String routeId) {
        return hub.hub().camel().getRoute(routeId).getEndpoint().getEndpointBaseUri();
    }

    private static void awaitEndpoint(TestHub hub, String routeId, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            var route = hub.hub().camel().getRoute(routeId);
            if (route != null && expected.equals(route.getEndpoint().getEndpointBaseUri())) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(endpointOf(hub, routeId)).isEqualTo(expected);
    }
}
