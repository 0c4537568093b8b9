package studio.brain.devices.valetudo;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Consumer;
import org.apache.camel.spi.RouteController;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import studio.brain.config.Secret;
import studio.brain.devices.ConnectorFailure;
import studio.brain.devices.DeviceState;
import studio.brain.devices.ErrorKind;
import studio.brain.observability.EventLog;

/**
 * The Valetudo connector's Camel side (bound as {@code valetudoLink}). {@link #message} feeds each MQTT message of
 * the subscription route into {@link ValetudoRobots}; {@link #check} is the connector's "call", run by the check
 * route on its timer inside a circuit breaker: it answers the robots when the subscription is connected and every
 * message matched Valetudo's documented shapes, and otherwise fails with what is wrong, for the connector board.
 *
 * <p>A subscription holds no request the broker could answer wrongly, so its failures are of three kinds: the
 * broker refuses the credentials or cannot be reached, the subscription is not connected (yet), or a robot sent a
 * value that does not match its topic (BAD_RESPONSE, until a good value arrives).
 *
 * <p>The subscription route does not start with the hub: a Kamelet route whose consumer cannot connect would refuse
 * its route file when the broker is down. The check starts it instead, once the broker answers; until then, and
 * after a failed start, a later check tries again (the check interval, and the breaker's open time, are the
 * back-off). Once connected, Paho reconnects by itself with back-off.
 *
 * <p>Paho does not say why a reconnect fails. So while the subscription is down each check asks the broker once with
 * a probe: a connect with the same credentials and its own client id that neither subscribes nor publishes and
 * disconnects at once. A refused user name or password (MQTT 5 reason 0x86 / 0x87) is then AUTH, a broker that does
 * not answer UNAVAILABLE.
 */
public final class ValetudoLink {
    private static final EventLog LOG = EventLog.of("devices.valetudo");
    private static final int PROBE_TIMEOUT_SECONDS = 5;

    private final ValetudoRobots robots;
    private final CamelContext camel;
    private final String routeId;
    private final String subscriptionRouteId;
    private final String brokerUrl;
    private final Optional<String> username;
    private final Optional<Secret> password;
    private final String probeClientId;
    private volatile Exception lastStartFailure;

    /**
     * @param routeId             the route that uses the Kamelet
     * @param subscriptionRouteId the Kamelet's own route, whose consumer holds the MQTT connection
     */
    public ValetudoLink(ValetudoRobots robots, CamelContext camel, String routeId, String subscriptionRouteId,
                        String brokerUrl, Optional<String> username, Optional<Secret> password, String clientId) {
        this.robots = robots;
        this.camel = camel;
        this.routeId = routeId;
        this.subscriptionRouteId = subscriptionRouteId;
        this.brokerUrl = brokerUrl;
        this.username = username;
        this.password = password;
        this.probeClientId = clientId + "-probe";
    }

    public ValetudoRobots robots() {
        return robots;
    }

    /** One message of the subscription: topic header, raw payload, retained flag. */
    public void message(Exchange exchange) {
        robots.accept(exchange.getIn().getHeader("CamelMqttTopic", String.class),
                exchange.getIn().getBody(byte[].class), exchange.getIn().getHeader("mqttRetained", Boolean.class));
    }

    /**
     * The connector's read: the robots as devices in the body, or a failure naming what is wrong.
     *
     * @throws ConnectorFailure UNAVAILABLE or BAD_RESPONSE; or the broker's refusal, for the classifier
     */
    public List<DeviceState> check(Exchange exchange) throws Exception {
        if (!connected()) {
            // The broker's own answer first: a refused password (AUTH) or a broker that is away (UNAVAILABLE).
            probe();
            boolean startedNow = startSubscription();
            if (!connected()) {
                Exception startFailure = lastStartFailure;
                if (startFailure != null) {
                    throw startFailure;
                }
                throw new ConnectorFailure(ValetudoRobots.CONNECTOR, ErrorKind.UNAVAILABLE,
                        "the broker answers but the subscription is not connected yet; reconnecting with back-off");
            }
            if (startedNow && robots.devices().isEmpty()) {
                // The broker replays the retained state just after the subscribe; a reading taken now would be empty.
                throw new ConnectorFailure(ValetudoRobots.CONNECTOR, ErrorKind.UNAVAILABLE,
                        "subscribed just now; the robots' retained state is still arriving");
            }
        }
        List<ValetudoProblem> problems = robots.problems();
        if (!problems.isEmpty()) {
            throw problems.get(problems.size() - 1).toFailure();
        }
        List<DeviceState> devices = robots.devices();
        exchange.getIn().setBody(devices);
        return devices;
    }

    /**
     * Starts the subscription (the route that uses the Kamelet, then the Kamelet's own route with the MQTT consumer)
     * when it is stopped. A start that fails is kept and tried again by a later check, once the broker answers.
     */
    private boolean startSubscription() {
        boolean started = false;
        RouteController controller = camel.getRouteController();
        for (String id : List.of(routeId, subscriptionRouteId)) {
            org.apache.camel.ServiceStatus status = controller.getRouteStatus(id);
            if (status == null || !status.isStopped()) {
                continue;
            }
            try {
                controller.startRoute(id);
                started = true;
                lastStartFailure = null;
            } catch (Exception e) {
                lastStartFailure = e;
                LOG.debug("valetudo_subscription_start_failed", "routeId", id, "errorClass", e.getClass().getName());
            }
        }
        return started;
    }

    /**
     * Whether the Kamelet's route holds a connected client. Camel may list a Kamelet's route twice under one id (the
     * instance created with the route that uses it, and the one it started), so every route of that id is asked.
     */
    private boolean connected() {
        for (Route route : camel.getRoutes()) {
            if (subscriptionRouteId.equals(route.getRouteId())
                    && route.getConsumer() instanceof PahoMqtt5Consumer paho && paho.isStarted()) {
                MqttClient client = paho.getClient();
                if (client != null && client.isConnected()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Connects and disconnects at once; throws the broker's refusal (or the connect failure) as it came. */
    private void probe() throws MqttException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(PROBE_TIMEOUT_SECONDS);
        username.ifPresent(options::setUserName);
        password.ifPresent(p -> options.setPassword(p.reveal().getBytes(StandardCharsets.UTF_8)));
        MqttClient probe = new MqttClient(brokerUrl, probeClientId, new MemoryPersistence());
        try {
            probe.connect(options);
            probe.disconnect();
        } finally {
            try {
                probe.close(true);
            } catch (MqttException e) {
                // closing a client that never connected; nothing is left open
            }
        }
    }
}
