package studio.brain.observability;

import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.RouteRestartingFailureEvent;
import org.apache.camel.spi.CamelEvent.RouteStartedEvent;
import org.apache.camel.spi.CamelEvent.RouteStoppedEvent;
import org.apache.camel.support.EventNotifierSupport;

/** Writes route.started / route.stopped / route.failed for every route, including the supervisor's retries. */
public final class RouteLifecycleEvents extends EventNotifierSupport {
    private static final EventLog LOG = EventLog.of("routes");

    public RouteLifecycleEvents() {
        setIgnoreExchangeEvents(true);
        setIgnoreCamelContextEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof RouteRestartingFailureEvent failure) {
            Throwable cause = failure.getCause();
            LOG.warn("route.failed", "routeId", failure.getRoute().getRouteId(), "attempt", failure.getAttempt(),
                    "exhausted", failure.isExhausted(),
                    "errorClass", cause == null ? null : cause.getClass().getName(),
                    "reason", cause == null ? null : SecretValueMasker.maskText(String.valueOf(cause.getMessage())));
        } else if (event instanceof RouteStartedEvent started) {
            LOG.info("route.started", "routeId", started.getRoute().getRouteId(),
                    "from", SecretValueMasker.maskText(started.getRoute().getEndpoint().getEndpointBaseUri()));
        } else if (event instanceof RouteStoppedEvent stopped) {
            LOG.info("route.stopped", "routeId", stopped.getRoute().getRouteId());
        }
    }
}
