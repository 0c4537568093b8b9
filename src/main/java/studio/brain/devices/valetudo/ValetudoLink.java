package studio.brain.devices.valetudo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Consumer;
import org.apache.camel.spi.RouteController;
import org.apache.camel.spi.SupervisingRouteController;
import org.eclipse.paho.mqttv5.client.MqttClient;
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
 * subscription could not start (the supervising route controller keeps the exception: a refused user name or password
 * is AUTH, anything else UNAVAILABLE), it lost its connection (UNAVAILABLE while Paho reconnects with back-off), or a
 * robot sent a value that does not match its topic (BAD_RESPONSE, until a good value arrives).
 *
 * <p>Paho's own reconnect does not say why it fails. A subscription that stays disconnected for longer than
 * {@code resubscribeAfter} is therefore restarted once through the route controller, whose start then tells a refused
 * password apart from a broker that is away (and keeps retrying with its own back-off).
 */
public final class ValetudoLink {
    private static final EventLog LOG = EventLog.of("devices.valetudo");

    private final ValetudoRobots robots;
    private final CamelContext camel;
    private final String subscriptionRouteId;
    private final Duration resubscribeAfter;
    private final Clock clock;
    private volatile Instant disconnectedSince;

    public ValetudoLink(ValetudoRobots robots, CamelContext camel, String subscriptionRouteId,
                        Duration resubscribeAfter, Clock clock) {
        this.robots = robots;
        this.camel = camel;
        this.subscriptionRouteId = subscriptionRouteId;
        this.resubscribeAfter = resubscribeAfter;
        this.clock = clock;
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
     * @throws ConnectorFailure UNAVAILABLE or BAD_RESPONSE; or the subscription's start failure, for the classifier
     */
    public List<DeviceState> check(Exchange exchange) throws Exception {
        Route route = camel.getRoute(subscriptionRouteId);
        MqttClient client = route != null && route.getConsumer() instanceof PahoMqtt5Consumer paho
                && paho.isRunAllowed() && paho.isStarted() ? paho.getClient() : null;
        if (client == null || !client.isConnected()) {
            Throwable startFailure = startFailure();
            if (client == null && startFailure instanceof Exception e) {
                throw e;
            }
            Instant now = clock.instant();
            if (disconnectedSince == null) {
                disconnectedSince = now;
            } else if (client != null && Duration.between(disconnectedSince, now).compareTo(resubscribeAfter) > 0) {
                disconnectedSince = now;
                resubscribe();
            }
            throw new ConnectorFailure(ValetudoRobots.CONNECTOR, ErrorKind.UNAVAILABLE, client == null
                    ? "the MQTT subscription is not running; it is retried with back-off"
                    : "not connected to the MQTT broker; reconnecting with back-off");
        }
        disconnectedSince = null;
        List<ValetudoProblem> problems = robots.problems();
        if (!problems.isEmpty()) {
            throw problems.get(problems.size() - 1).toFailure();
        }
        List<DeviceState> devices = robots.devices();
        exchange.getIn().setBody(devices);
        return devices;
    }

    private Throwable startFailure() {
        RouteController controller = camel.getRouteController();
        if (!controller.isSupervising()) {
            return null;
        }
        return controller.adapt(SupervisingRouteController.class).getRestartException(subscriptionRouteId);
    }

    /** Restarts the subscription route on its own thread, so that its connect answer becomes known. */
    private void resubscribe() {
        LOG.warn("valetudo_resubscribe", "component", "connector:" + ValetudoRobots.CONNECTOR,
                "routeId", subscriptionRouteId, "reason", "disconnected longer than " + resubscribeAfter.toSeconds() + " s");
        Thread thread = new Thread(() -> {
            try {
                camel.getRouteController().stopRoute(subscriptionRouteId);
                camel.getRouteController().startRoute(subscriptionRouteId);
            } catch (Exception e) {
                // The supervising controller keeps the exception and retries the start with back-off.
                LOG.debug("valetudo_resubscribe_deferred", "routeId", subscriptionRouteId, "errorClass",
                        e.getClass().getName());
            }
        }, "valetudo-resubscribe");
        thread.setDaemon(true);
        thread.start();
    }
}
