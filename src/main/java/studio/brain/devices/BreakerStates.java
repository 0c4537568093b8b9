package studio.brain.devices;

import org.apache.camel.CamelContext;
import org.apache.camel.Navigate;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.component.resilience4j.ResilienceProcessor;

/**
 * Reads, from the running routes, what the board shows: the state of the circuit breaker (Camel's circuitBreaker
 * EIP with resilience4j) inside a connector's route, and whether that route runs.
 */
public final class BreakerStates {
    private final CamelContext camel;

    public BreakerStates(CamelContext camel) {
        this.camel = camel;
    }

    /** CLOSED, OPEN, HALF_OPEN, ... or null when the route has no circuit breaker (or is not there). */
    public String state(String routeId) {
        Route route = camel.getRoute(routeId);
        if (route == null) {
            return null;
        }
        ResilienceProcessor breaker = find(route.navigate(), 0);
        return breaker == null ? null : breaker.getCircuitBreakerState();
    }

    /**
     * The route's consumer runs (the supervising controller does not track Kamelet routes, so it is asked directly).
     * Camel may list a Kamelet's route twice under one id when it was started after the route that uses it; it runs
     * when one of them does.
     */
    public boolean running(String routeId) {
        return camel.getRoutes().stream().filter(route -> routeId.equals(route.getRouteId()))
                .anyMatch(route -> org.apache.camel.support.service.ServiceHelper.isStarted(route.getConsumer()));
    }

    private static ResilienceProcessor find(Navigate<Processor> node, int depth) {
        if (node == null || depth > 20 || !node.hasNext()) {
            return null;
        }
        for (Processor p : node.next()) {
            if (p instanceof ResilienceProcessor breaker) {
                return breaker;
            }
            if (p instanceof Navigate<?> child) {
                @SuppressWarnings("unchecked")
                ResilienceProcessor found = find((Navigate<Processor>) child, depth + 1);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
