package studio.brain.devices.valetudo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kamelet.KameletComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.SupervisingRouteController;
import org.eclipse.paho.mqttv5.common.MqttException;
import studio.brain.testing.CapturedOutput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.devices.DeviceState;

/**
 * The valetudo-mqtt-source Kamelet against a real MQTT 5 broker: the retained topic tree arrives on subscribe, the
 * robot's last will takes it offline, and the consumer comes back by itself after the broker restarts.
 */
class ValetudoMqttSourceTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path work;

    private EmbeddedMqttBroker broker;
    private CamelContext camel;
    private final ValetudoRobots robots = new ValetudoRobots("valetudo", ConsumableThresholds.defaults(),
            Duration.ofMinutes(10), Clock.systemUTC());

    @AfterEach
    void tearDown() throws Exception {
        if (camel != null) {
            camel.stop();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private void startCamel(String kameletParameters) throws Exception {
        startCamel(kameletParameters, false);
    }

    private void startCamel(String kameletParameters, boolean supervised) throws Exception {
        camel = new DefaultCamelContext();
        if (supervised) {
            // The paho consumer connects while its route starts; the supervising controller retries that start
            // instead of failing the whole context when the broker is down.
            SupervisingRouteController routes = camel.getRouteController().supervising();
            routes.setBackOffDelay(200);
            routes.setBackOffMaxAttempts(0);
        }
        camel.getRegistry().bind("valetudoRobots", robots);
        KameletComponent kamelets = camel.getComponent("kamelet", KameletComponent.class);
        kamelets.setLocation("file:connectors-yaml");
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("kamelet:valetudo-mqtt-source?" + kameletParameters)
                        .routeId("valetudo-test")
                        .bean("valetudoRobots", "accept(${header.CamelMqttTopic}, ${body}, ${header.mqttRetained})");
            }
        });
        camel.start();
    }

    private DeviceState robot() {
        List<DeviceState> devices = robots.devices();
        return devices.isEmpty() ? null : devices.get(0);
    }

    private void awaitRobot(String what, Predicate<DeviceState> condition) {
        Eventually.await(what, WAIT, () -> robot() != null && condition.test(robot()));
    }

    private void publishRetainedTree() {
        ValetudoTopicTree.load("kiln-room-robot.mqtt")
                .forEach(m -> broker.publish(m.topic(), m.payload(), true));
    }

    @Test
    void retainedStateLastWillAndReconnectAfterABrokerRestart() throws Exception {
        broker = EmbeddedMqttBroker.start(work);
        publishRetainedTree();

        startCamel("brokerUrl=" + broker.url() + "&topicPrefix=valetudo&clientId=hub-test"
                + "&maxReconnectDelayMillis=1000&keepAliveSeconds=5");

        // The retained tree, published before the hub subscribed, is replayed to it: state, but no sign of life.
        awaitRobot("the retained topic tree", r -> Integer.valueOf(87).equals(r.batteryPct())
                && r.attributes().containsKey("ConsumableMonitoringCapability/cleaning-sensor"));
        assertThat(robot().online()).isTrue();
        assertThat(robot().label()).isEqualTo("Kiln room robot");
        assertThat(robot().lastSeenAt()).isNull();

        // The robot comes online live, then drops off: the broker publishes its Homie last will.
        EmbeddedMqttBroker.Robot live = broker.connectRobot("valetudo/KilnRoomRobot/$state", "lost");
        broker.publish("valetudo/KilnRoomRobot/StatusStateAttribute/status", "cleaning", true);
        awaitRobot("a live status", r -> "cleaning".equals(r.attributes().get("StatusStateAttribute/status")));
        assertThat(robot().lastSeenAt()).isNotNull();
        assertThat(robot().stale()).isFalse();

        live.dropConnection();
        awaitRobot("the last will", r -> !r.online());
        assertThat(robot().alerts()).extracting(a -> a.code()).containsExactly("DEVICE_OFFLINE");

        // The broker goes away and comes back on the same port; the consumer reconnects and resubscribes by itself.
        broker.stop();
        broker.startAgain();
        broker.publish("valetudo/KilnRoomRobot/$state", "ready", true);
        broker.publish("valetudo/KilnRoomRobot/BatteryStateAttribute/level", "55", true);

        awaitRobot("the change after the broker restarted", r -> Integer.valueOf(55).equals(r.batteryPct()));
        awaitRobot("back online", DeviceState::online);
        assertThat(robots.problems()).isEmpty();
        assertThat(camel.getRouteController().getRouteStatus("valetudo-test").isStarted()).isTrue();
    }

    @Test
    void aBrokerThatIsDownWhenTheHubStartsIsPickedUpOnceItIsUpWithASupervisingRouteController() throws Exception {
        broker = EmbeddedMqttBroker.notStarted(work);
        startCamel("brokerUrl=" + broker.url() + "&topicPrefix=valetudo&clientId=hub-late"
                + "&connectionTimeoutSeconds=2", true);
        assertThat(camel.isStarted()).isTrue();

        broker.startAgain();
        publishRetainedTree();
        awaitRobot("the retained topic tree once the broker is up", r -> Integer.valueOf(87).equals(r.batteryPct()));
    }

    @Test
    void aRefusedPasswordIsAnMqttNotAuthorizedAndNeverReachesTheLog() throws Exception {
        broker = EmbeddedMqttBroker.startWithCredentials(work, "studio-hub", "kiln-s3cret");
        String wrong = "wrong-Pa55word-4-kiln";
        try (CapturedOutput log = new CapturedOutput()) {
            startCamel("brokerUrl=" + broker.url() + "&topicPrefix=valetudo&clientId=hub-wrong"
                    + "&username=studio-hub&password=RAW(" + wrong + ")", true);
            SupervisingRouteController routes = camel.getRouteController().adapt(SupervisingRouteController.class);
            // the paho consumer lives in the Kamelet's own route, not in the route that uses the Kamelet
            Eventually.await("the refused connection", WAIT, () -> restartException(routes) != null);

            MqttException refused = null;
            for (Throwable t = restartException(routes); t != null; t = t.getCause()) {
                if (t instanceof MqttException mqtt) {
                    refused = mqtt;
                }
            }
            assertThat(refused).isNotNull();
            // MQTT 5 reason codes 0x86 "bad user name or password" / 0x87 "not authorized": AUTH, not retryable
            assertThat(refused.getReasonCode()).isIn(134, 135);
            assertThat(robots.devices()).isEmpty();
            assertThat(log.text()).doesNotContain(wrong);
        }
    }

    private Throwable restartException(SupervisingRouteController routes) {
        return camel.getRoutes().stream()
                .map(route -> routes.getRestartException(route.getId()))
                .filter(java.util.Objects::nonNull)
                .findFirst().orElse(null);
    }

    @Test
    void aBrokerThatAsksForCredentialsIsReadWithTheConfiguredOnes() throws Exception {
        broker = EmbeddedMqttBroker.startWithCredentials(work, "studio-hub", "kiln-s3cret");
        publishRetainedTree();

        startCamel("brokerUrl=" + broker.url() + "&topicPrefix=valetudo&clientId=hub-creds"
                + "&username=studio-hub&password=RAW(kiln-s3cret)");

        awaitRobot("the retained topic tree", r -> Integer.valueOf(87).equals(r.batteryPct()));
        assertThat(robot().label()).isEqualTo("Kiln room robot");
    }
}
