package studio.brain.devices;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import studio.brain.devices.homeassistant.FakeHomeAssistant;
import studio.brain.devices.hubitat.HubitatHubFixture;
import studio.brain.devices.valetudo.EmbeddedMqttBroker;
import studio.brain.devices.valetudo.ValetudoTopicTree;
import studio.brain.testing.TestHub;

/**
 * Both Roborock connectors from Kamelet to {@code GET /api/connectors}, in one hub: the MQTT broker is down when the
 * hub starts (the hub starts and stays ready), comes up (both connectors healthy with devices and alerts), goes away
 * (Valetudo degraded within its check time, the hub still ready) and comes back (recovered, no hub restart).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RoborockEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final String HA_TOKEN = "ha-long-lived-9f3e2d1c0b-kiln";

    private Path work;
    private EmbeddedMqttBroker broker;
    private FakeHomeAssistant homeAssistant;
    private TestHub hub;

    @BeforeAll
    void start() throws Exception {
        work = Files.createTempDirectory("roborock-e2e-");
        broker = EmbeddedMqttBroker.notStarted(Files.createDirectories(work.resolve("broker")));
        homeAssistant = FakeHomeAssistant.start(HA_TOKEN);
        Map<String, String> env = TestHub.env(work.resolve("hub"));
        Path routes = Files.createDirectories(Path.of(env.get("STUDIO_BRAIN_ROUTES_DIR")));
        for (String file : List.of("valetudo-robots.camel.yaml", "home-assistant-vacuums.camel.yaml")) {
            Files.copy(Path.of("routes", file), routes.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        env.put("STUDIO_BRAIN_VALETUDO_BROKER_URL", broker.url());
        env.put("STUDIO_BRAIN_VALETUDO_CHECK_SECONDS", "1");
        env.put("STUDIO_BRAIN_VALETUDO_STALE_SECONDS", "600");
        env.put("STUDIO_BRAIN_HA_URL", homeAssistant.url());
        env.put("STUDIO_BRAIN_HA_TOKEN", HA_TOKEN);
        env.put("STUDIO_BRAIN_HA_ENTITIES", "vacuum.glaze_room,vacuum.wheel_room,vacuum.shipping_room");
        env.put("STUDIO_BRAIN_HA_POLL_SECONDS", "1");
        env.put("STUDIO_BRAIN_HA_TIMEOUT_MILLIS", "2000");
        hub = TestHub.start(env);
    }

    @AfterAll
    void stop() {
        try {
            if (hub != null) {
                hub.close();
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
            if (homeAssistant != null) {
                homeAssistant.close();
            }
        }
    }

    @Test
    @Order(1)
    void aBrokerDownAtStartLeavesTheHubReadyAndValetudoNotHealthy() throws Exception {
        JsonNode valetudo = HubitatHubFixture.await(hub, "valetudo", c -> !c.get("lastError").isNull(), WAIT);
        assertThat(valetudo.get("configured").asBoolean()).isTrue();
        assertThat(valetudo.get("availability").asText()).isIn("degraded", "down");
        assertThat(valetudo.get("lastError").get("kind").asText()).isEqualTo("UNAVAILABLE");
        assertThat(readiness()).isIn("ready", "degraded");
    }

    @Test
    @Order(2)
    void bothConnectorsAreHealthyWithTheirDevicesAndAlerts() throws Exception {
        broker.startAgain();
        ValetudoTopicTree.load("kiln-room-robot.mqtt").forEach(m -> broker.publish(m.topic(), m.payload(), true));
        // Two hours of sensor life left: at or below 10 % of its rated 30 hours.
        broker.publish("valetudo/KilnRoomRobot/ConsumableMonitoringCapability/cleaning-sensor", "7200", true);

        // The breaker opened while the broker was down; it closes after its trial call.
        JsonNode valetudo = HubitatHubFixture.await(hub, "valetudo", c -> healthy(c)
                && alertCodes(c).contains("SENSOR_LOW") && "closed".equals(c.get("breaker").asText()), WAIT);
        JsonNode robot = valetudo.get("devices").get(0);
        assertThat(robot.get("id").asText()).isEqualTo("KilnRoomRobot");
        assertThat(robot.get("label").asText()).isEqualTo("Kiln room robot");
        assertThat(robot.get("kind").asText()).isEqualTo("vacuum");
        assertThat(robot.get("batteryPct").asInt()).isEqualTo(87);
        assertThat(valetudo.get("state").asText()).isEqualTo("running");

        JsonNode ha = HubitatHubFixture.await(hub, "home-assistant", RoborockEndToEndTest::healthy, WAIT);
        assertThat(ha.get("devices")).extracting(d -> d.get("id").asText())
                .containsExactly("vacuum.glaze_room", "vacuum.shipping_room", "vacuum.wheel_room");
        assertThat(alertCodes(ha)).contains("VACUUM_ERROR", "VACUUM_PAUSED", "DEVICE_OFFLINE");
        assertThat(homeAssistant.lastRequest().headers()).containsKey("x-request-id");
        assertThat(readiness()).isEqualTo("ready");
    }

    @Test
    @Order(3)
    void aStoppedBrokerDegradesValetudoOnlyAndItsReturnRecoversWithoutARestart() throws Exception {
        broker.stop();
        JsonNode down = HubitatHubFixture.await(hub, "valetudo",
                c -> !"healthy".equals(c.get("availability").asText()), WAIT);
        assertThat(down.get("lastError").get("kind").asText()).isEqualTo("UNAVAILABLE");
        assertThat(down.get("devices")).as("the last known robots stay").isNotEmpty();
        assertThat(readiness()).isIn("ready", "degraded");
        assertThat(HubitatHubFixture.connector(hub, "home-assistant").get("availability").asText()).isEqualTo("healthy");

        broker.startAgain();
        broker.publish("valetudo/KilnRoomRobot/BatteryStateAttribute/level", "64", true);
        JsonNode back = HubitatHubFixture.await(hub, "valetudo", c -> healthy(c)
                && c.get("devices").get(0).get("batteryPct").asInt() == 64, WAIT);
        assertThat(back.get("state").asText()).isEqualTo("running");
        hub.awaitReadiness(r -> "ready".equals(r.get("status").asText()), WAIT);
    }

    private String readiness() throws Exception {
        return TestHub.json(hub.get("/readyz")).get("status").asText();
    }

    private static boolean healthy(JsonNode connector) {
        return "healthy".equals(connector.get("availability").asText()) && connector.get("devices").size() > 0;
    }

    private static List<String> alertCodes(JsonNode connector) {
        List<String> codes = new ArrayList<>();
        connector.get("devices").forEach(d -> d.get("alerts").forEach(a -> codes.add(a.get("code").asText())));
        return codes;
    }
}
