package studio.brain.devices;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.testing.TestHub;

/**
 * docs/connectors.md's worked example, run as written: the Kamelet and the route under docs/examples/connectors,
 * dropped into a hub's connectors and routes folders with no Java added, read a fake HTTP sensor, and its device
 * shows on {@code /api/connectors} with its alert.
 */
class IntegratorExampleTest {
    private static final Path EXAMPLE = Path.of("docs/examples/connectors");

    @Test
    void theDocumentedKameletAndRouteBringANewSensorOntoTheBoard(@TempDir Path work) throws Exception {
        List<String> requestIds = new CopyOnWriteArrayList<>();
        HttpServer sensor = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        sensor.createContext("/readings", exchange -> {
            requestIds.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Request-Id")));
            byte[] body = ("{\"sensors\": [{\"serial\": \"th-01\", \"name\": \"Kiln room probe\", \"temp_c\": 36.2, "
                    + "\"rh\": 44, \"battery\": 90, \"status\": \"online\", \"updated\": \"" + Instant.now() + "\"}]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        sensor.start();
        Map<String, String> env = TestHub.env(work);
        Path connectors = Files.createDirectories(work.resolve("connectors"));
        try (Stream<Path> files = Stream.concat(Files.list(Path.of("connectors-yaml")), Files.list(EXAMPLE))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".kamelet.yaml")).toList()) {
                Files.copy(file, connectors.resolve(file.getFileName()));
            }
        }
        env.put("STUDIO_BRAIN_CONNECTORS_DIR", connectors.toString());
        Path routes = Files.createDirectories(Path.of(env.get("STUDIO_BRAIN_ROUTES_DIR")));
        Files.copy(EXAMPLE.resolve("kiln-room-probe.camel.yaml"), routes.resolve("kiln-room-probe.camel.yaml"));
        System.setProperty("kiln.probe.url", "http://127.0.0.1:" + sensor.getAddress().getPort() + "/readings");
        System.setProperty("kiln.probe.period", "1s");
        try (TestHub hub = TestHub.start(env)) {
            JsonNode probe = await(hub);
            assertThat(probe.get("title").asText()).isEqualTo("Kiln room climate probe");
            assertThat(probe.get("configured").asBoolean()).isTrue();
            assertThat(probe.get("state").asText()).isEqualTo("running");
            assertThat(probe.get("mode").asText()).isEqualTo("read-only");
            JsonNode device = probe.get("devices").get(0);
            assertThat(device.get("id").asText()).isEqualTo("th-01");
            assertThat(device.get("label").asText()).isEqualTo("Kiln room probe");
            assertThat(device.get("kind").asText()).isEqualTo("sensor");
            assertThat(device.get("batteryPct").asInt()).isEqualTo(90);
            assertThat(device.get("attributes").get("temperature").asDouble()).isEqualTo(36.2);
            assertThat(device.get("alerts").get(0).get("code").asText()).isEqualTo("KILN_ROOM_TEMPERATURE_HIGH");
            assertThat(requestIds).contains(probe.get("requestId").asText());
            assertThat(TestHub.json(hub.get("/readyz")).get("status").asText()).isEqualTo("ready");
        } finally {
            System.clearProperty("kiln.probe.url");
            System.clearProperty("kiln.probe.period");
            sensor.stop(0);
        }
    }

    private static JsonNode await(TestHub hub) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = TestHub.json(hub.get("/api/connectors"));
            for (JsonNode c : last.get("connectors")) {
                if ("kiln-room-probe".equals(c.get("name").asText()) && c.get("devices").size() == 1
                        && "healthy".equals(c.get("availability").asText())) {
                    return c;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the example connector never showed its device; last: " + last);
    }
}
