package studio.brain.devices.valetudo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import studio.brain.devices.contract.ConnectorContract;
import studio.brain.devices.contract.ConnectorFixture;
import studio.brain.devices.contract.Fault;
import studio.brain.testing.TestHub;

/**
 * The Valetudo connector against the connector contract, with an embedded MQTT 5 broker holding a robot's retained
 * topic tree. MQTT has no HTTP status codes and the hub sends no request: the HTTP-only faults are not applicable,
 * the others are the broker's own failures (a refused password, the broker gone) and robots' bad values.
 */
class ValetudoConnectorContractTest extends ConnectorContract {
    static final String USER = "studio-hub";
    static final String PASSWORD = "kiln-Mqtt-5ecret-7d2f";
    private static final String ERROR_TOPIC = "valetudo/KilnRoomRobot/StatusStateAttribute/error";
    private static final String BATTERY_TOPIC = "valetudo/KilnRoomRobot/BatteryStateAttribute/level";

    /** A hub configured for the broker, with the repository's route and short test timings. */
    static Map<String, String> env(Path work, EmbeddedMqttBroker broker) throws Exception {
        Map<String, String> env = TestHub.env(work);
        Path routes = Files.createDirectories(Path.of(env.get("STUDIO_BRAIN_ROUTES_DIR")));
        Files.copy(Path.of("routes/valetudo-robots.camel.yaml"), routes.resolve("valetudo-robots.camel.yaml"),
                StandardCopyOption.REPLACE_EXISTING);
        env.put("STUDIO_BRAIN_VALETUDO_BROKER_URL", broker.url());
        env.put("STUDIO_BRAIN_VALETUDO_TOPIC_PREFIX", "valetudo");
        env.put("STUDIO_BRAIN_VALETUDO_USERNAME", USER);
        env.put("STUDIO_BRAIN_VALETUDO_PASSWORD", PASSWORD);
        env.put("STUDIO_BRAIN_VALETUDO_CHECK_SECONDS", "1");
        env.put("STUDIO_BRAIN_VALETUDO_STALE_SECONDS", "600");
        return env;
    }

    static void publishTree(EmbeddedMqttBroker broker) {
        ValetudoTopicTree.load("kiln-room-robot.mqtt").forEach(m -> broker.publish(m.topic(), m.payload(), true));
    }

    @Override
    protected ConnectorFixture createFixture() {
        return new ConnectorFixture() {
            private Path folder;
            private EmbeddedMqttBroker broker;

            @Override
            public String connector() {
                return "valetudo";
            }

            @Override
            public void startFake() throws Exception {
                if (broker == null) {
                    folder = Files.createTempDirectory("valetudo-contract-");
                    broker = EmbeddedMqttBroker.startWithCredentials(folder, USER, PASSWORD);
                } else if (!broker.running()) {
                    broker.startAgain();
                }
                // The broker keeps retained messages in memory only: a restarted broker gets the robot's tree again.
                publishTree(broker);
            }

            @Override
            public void stopFake() {
                broker.stop();
            }

            @Override
            public Map<String, String> hubEnv(Path work) throws Exception {
                return env(work, broker);
            }

            @Override
            public Map<Fault, String> notApplicable() {
                String noHttp = "MQTT has no HTTP status codes";
                return Map.of(
                        Fault.FORBIDDEN_403, noHttp + "; a refused connect (0x86 bad user name or password, 0x87 not "
                                + "authorized) is AUTH, checked as UNAUTHORIZED_401",
                        Fault.RATE_LIMITED_429, noHttp + " and no Retry-After; the hub only subscribes",
                        Fault.TIMEOUT, "a subscription waits for messages by design; a silent robot is shown stale",
                        Fault.SLOW_DRIP, "MQTT messages arrive whole; there is no answer body to drip");
            }

            @Override
            public Map<String, String> checksNotApplicable() {
                return Map.of("requestIdReachesTheSystem", "the hub only subscribes and never publishes, so no "
                        + "request reaches the broker; the request id stays on the board and in the ledger");
            }

            @Override
            public void inject(Fault fault) {
                switch (fault) {
                    case UNAUTHORIZED_401 -> {
                        // The broker's password changes under the hub and its connection drops: every connect with
                        // the hub's credentials is refused with 0x86 from now on.
                        broker.acceptPassword("changed-" + PASSWORD);
                        broker.disconnectClient("studio-brain-valetudo");
                    }
                    case SERVER_ERROR_500 -> broker.stop();
                    case MALFORMED_JSON -> broker.publish(ERROR_TOPIC, "{\"severity\":{\"kind\":", true);
                    case WRONG_TYPES -> broker.publish(BATTERY_TOPIC, "eighty-seven", true);
                    default -> throw new IllegalArgumentException(fault + " is not injected for MQTT");
                }
            }

            @Override
            public void clearFaults() {
                broker.acceptPassword(PASSWORD);
                if (!broker.running()) {
                    broker.startAgain();
                }
                publishTree(broker);
            }

            @Override
            public List<String> requestIdsSeen() {
                return List.of();
            }

            @Override
            public List<String> credentials() {
                return List.of(PASSWORD);
            }

            @Override
            public void close() {
                if (broker != null) {
                    broker.close();
                }
            }
        };
    }
}
