package studio.brain.devices.hubitat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.testing.Ports;
import studio.brain.testing.TestHub;

/**
 * From the Kamelet to {@code /api/connectors}: a hub polling a fake Maker API shows its devices and alerts; when the
 * fake stops, the connector degrades and then goes down while the hub stays ready (degraded); when the fake comes
 * back, the connector recovers without a restart. Pushed events update a device, and a wrong secret changes nothing.
 */
class HubitatEndToEndTest {

    @Test
    void devicesAndAlertsThenOutageAndRecoveryWhileTheHubStaysReady(@TempDir Path work) throws Exception {
        try (FakeMakerApi fake = new FakeMakerApi(HubitatHubFixture.TOKEN, Ports.free()).start();
             TestHub hub = TestHub.start(HubitatHubFixture.env(work, fake))) {
            JsonNode hubitat = HubitatHubFixture.await(hub, "hubitat",
                    c -> "healthy".equals(c.get("availability").asText()) && c.get("devices").size() == 3,
                    Duration.ofSeconds(20));
            assertThat(hubitat.get("configured").asBoolean()).isTrue();
            assertThat(hubitat.get("state").asText()).isEqualTo("running");
            assertThat(hubitat.get("mode").asText()).isEqualTo("read-only");
            assertThat(hubitat.get("breaker").asText()).isEqualTo("closed");
            assertThat(hubitat.get("lastSuccessAt").isTextual()).isTrue();
            assertThat(alertCodes(hubitat)).containsExactlyInAnyOrder("KILN_ROOM_TEMPERATURE_HIGH", "DEVICE_OFFLINE",
                    "BATTERY_LOW");
            JsonNode kiln = device(hubitat, "12");
            assertThat(kiln.get("kind").asText()).isEqualTo("sensor");
            assertThat(kiln.get("attributes").get("temperature").asDouble()).isEqualTo(38.5);
            assertThat(kiln.get("attributes").get("humidity").isNumber()).isTrue();
            assertThat(kiln.get("batteryPct").asInt()).isEqualTo(87);
            assertThat(device(hubitat, "7").get("kind").asText()).isEqualTo("switch");
            assertThat(device(hubitat, "7").get("online").asBoolean()).isFalse();
            for (String other : List.of("valetudo", "home-assistant")) {
                JsonNode c = HubitatHubFixture.connector(hub, other);
                assertThat(c.get("configured").asBoolean()).isFalse();
                assertThat(c.get("state").asText()).isEqualTo("not configured");
                assertThat(c.get("devices")).isEmpty();
            }

            // Pushed events: a wrong secret changes nothing; the right one updates the device at once.
            HttpResponse<String> refused = hub.send("POST", "/api/hubitat/events/wrong-secret-0000000",
                    Map.of("Content-Type", "application/json"), event("12", "temperature", "20.5"));
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(HubitatHubFixture.connector(hub, "hubitat").toString()).doesNotContain("20.5");
            assertThat(hub.send("POST", "/api/hubitat/events", Map.of("X-Hubitat-Secret",
                    HubitatHubFixture.EVENTS_SECRET), "{not json").statusCode()).isEqualTo(400);
            assertThat(hub.send("POST", "/api/hubitat/events", Map.of("X-Hubitat-Secret",
                    HubitatHubFixture.EVENTS_SECRET), "{\"name\":\"temperature\"}").statusCode()).isEqualTo(422);
            fake.kilnTemperature("21.0");
            HttpResponse<String> accepted = hub.send("POST", "/api/hubitat/events/" + HubitatHubFixture.EVENTS_SECRET,
                    Map.of("Content-Type", "application/json"), event("12", "temperature", "21.0"));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            JsonNode updated = device(HubitatHubFixture.connector(hub, "hubitat"), "12");
            assertThat(updated.get("attributes").get("temperature").asDouble()).isEqualTo(21.0);
            assertThat(updated.get("alerts")).isEmpty();

            fake.stop();
            JsonNode degraded = HubitatHubFixture.await(hub, "hubitat",
                    c -> "degraded".equals(c.get("availability").asText()), Duration.ofSeconds(10));
            assertThat(degraded.get("lastError").get("kind").asText()).isEqualTo("UNAVAILABLE");
            JsonNode readiness = hub.awaitReadiness(r -> r.get("degraded").toString().contains("connector:hubitat"),
                    Duration.ofSeconds(10));
            assertThat(readiness.get("status").asText()).isEqualTo("degraded");
            HubitatHubFixture.await(hub, "hubitat", c -> "down".equals(c.get("availability").asText())
                    && c.get("devices").get(0).get("stale").asBoolean(), Duration.ofSeconds(15));
            HttpResponse<String> ready = hub.get("/readyz");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(TestHub.json(ready).get("status").asText()).isEqualTo("degraded");

            fake.start();
            JsonNode recovered = HubitatHubFixture.await(hub, "hubitat",
                    c -> "healthy".equals(c.get("availability").asText()), Duration.ofSeconds(20));
            assertThat(recovered.get("breaker").asText()).isEqualTo("closed");
            assertThat(recovered.get("devices").get(0).get("stale").asBoolean()).isFalse();
            hub.awaitReadiness(r -> !r.get("degraded").toString().contains("connector:hubitat"), Duration.ofSeconds(10));
        }
    }

    @Test
    void silentPushIsReportedAndReconciledWithAFullPollUntilAnEventArrives(@TempDir Path work) throws Exception {
        try (FakeMakerApi fake = new FakeMakerApi(HubitatHubFixture.TOKEN, Ports.free()).start()) {
            Map<String, String> env = HubitatHubFixture.env(work, fake);
            env.put("STUDIO_BRAIN_HUBITAT_POLL_SECONDS", "3600");
            env.put("STUDIO_BRAIN_HUBITAT_PUSH_WINDOW_SECONDS", "2");
            try (TestHub hub = TestHub.start(env)) {
                HubitatHubFixture.await(hub, "hubitat", c -> c.get("devices").size() == 3, Duration.ofSeconds(20));
                int pollsBefore = fake.requests().size();
                JsonNode stale = HubitatHubFixture.await(hub, "hubitat", c -> c.get("pushStale").asBoolean(),
                        Duration.ofSeconds(20));
                assertThat(stale.get("availability").asText()).isEqualTo("healthy");
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (fake.requests().size() == pollsBefore && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(fake.requests().size()).as("a full poll to reconcile, long before the hourly one")
                        .isGreaterThan(pollsBefore);
                assertThat(fake.requests().get(fake.requests().size() - 1).path())
                        .isEqualTo("/apps/api/" + FakeMakerApi.APP_ID + "/devices/all");
                HttpResponse<String> event = hub.send("POST", "/api/hubitat/events",
                        Map.of("X-Hubitat-Secret", HubitatHubFixture.EVENTS_SECRET), event("31", "contact", "open"));
                assertThat(event.statusCode()).isEqualTo(202);
                JsonNode resumed = HubitatHubFixture.connector(hub, "hubitat");
                assertThat(resumed.get("pushStale").asBoolean()).isFalse();
            }
        }
    }

    @Test
    void withoutConfigurationTheConnectorIsNotConfiguredAndTheHubIsReady(@TempDir Path work) throws Exception {
        Map<String, String> env = TestHub.env(work);
        java.nio.file.Files.createDirectories(Path.of(env.get("STUDIO_BRAIN_ROUTES_DIR")));
        java.nio.file.Files.copy(Path.of("routes/hubitat-devices.camel.yaml"),
                Path.of(env.get("STUDIO_BRAIN_ROUTES_DIR")).resolve("hubitat-devices.camel.yaml"));
        try (TestHub hub = TestHub.start(env)) {
            JsonNode hubitat = HubitatHubFixture.connector(hub, "hubitat");
            assertThat(hubitat.get("configured").asBoolean()).isFalse();
            assertThat(hubitat.get("state").asText()).isEqualTo("not configured");
            assertThat(hubitat.get("devices")).isEmpty();
            assertThat(hubitat.get("lastError").isNull()).isTrue();
            assertThat(hubitat.get("requestId").isNull()).as("no call was made").isTrue();
            JsonNode readiness = hub.awaitReadiness(r -> !"starting".equals(r.at("/checks/database/status").asText()),
                    Duration.ofSeconds(20));
            assertThat(readiness.get("status").asText()).as(readiness.toString()).isEqualTo("ready");
            assertThat(readiness.at("/checks/connectors/connectors/hubitat").asText()).isEqualTo("not configured");
            assertThat(hub.hub().camel().getRouteController().getRouteStatus("hubitat-devices").isStarted())
                    .as("a connector without its settings is not started").isFalse();
            assertThat(hub.send("POST", "/api/hubitat/events", Map.of("X-Hubitat-Secret", "anything-at-all-123"),
                    event("12", "temperature", "20")).statusCode()).isEqualTo(503);
        }
    }

    static String event(String deviceId, String name, String value) {
        return """
                {"content": {"name": "%s", "value": "%s", "displayName": "Kiln room sensor", "deviceId": "%s",
                 "descriptionText": "Kiln room sensor %s is %s", "unit": "°C", "type": null, "data": null}}
                """.formatted(name, value, deviceId, name, value);
    }

    private static List<String> alertCodes(JsonNode connector) {
        List<String> codes = new ArrayList<>();
        connector.get("devices").forEach(d -> d.get("alerts").forEach(a -> codes.add(a.get("code").asText())));
        return codes;
    }

    private static JsonNode device(JsonNode connector, String id) {
        for (JsonNode d : connector.get("devices")) {
            if (id.equals(d.get("id").asText())) {
                return d;
            }
        }
        throw new AssertionError("no device " + id + " in " + connector);
    }
}
