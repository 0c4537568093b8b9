package studio.brain.gate.guard;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.model.EnrichDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.model.ToDynamicDefinition;
import org.apache.camel.model.WireTapDefinition;

/**
 * The static half of "no route can bypass the gate": a route may send to a write-capable endpoint only if it is an
 * execution route — it starts from {@code direct:execute-<capability>}, which only the execution service calls,
 * after re-checking policy and with a single-use grant. Any other route that can write is refused when it loads,
 * naming the route and the endpoint.
 */
public final class RouteGuard {
    public static final String EXECUTION_PREFIX = "direct:execute-";

    private final WriteEndpoints writeEndpoints;

    public RouteGuard(WriteEndpoints writeEndpoints) {
        this.writeEndpoints = writeEndpoints;
    }

    /** A refusal: the route, the line of the sending step (or of the route), and why. */
    public record Violation(String routeId, int line, String reason) {
    }

    public List<Violation> check(RouteDefinition route) {
        List<Violation> violations = new ArrayList<>();
        String from = route.getInput() == null ? "" : route.getInput().getEndpointUri();
        if (from != null && from.startsWith(EXECUTION_PREFIX)) {
            return violations;
        }
        walk(route, route.getOutputs(), violations);
        return violations;
    }

    private void walk(RouteDefinition route, List<ProcessorDefinition<?>> steps, List<Violation> violations) {
        for (ProcessorDefinition<?> step : steps) {
            String uri = uriOf(step);
            if (uri != null) {
                writeEndpoints.writes(uri).ifPresent(why -> violations.add(new Violation(route.getId(),
                        step.getLineNumber() > 0 ? step.getLineNumber() : route.getLineNumber(),
                        "route '" + route.getId() + "' sends to " + uri + " (" + why + ") without the execution step: "
                                + "propose through direct:policy-gate; only a route from " + EXECUTION_PREFIX
                                + "<capability> may write")));
            }
            walk(route, step.getOutputs(), violations);
        }
    }

    private static String uriOf(ProcessorDefinition<?> step) {
        if (step instanceof SendDefinition<?> send) {
            return send.getEndpointUri();
        }
        if (step instanceof ToDynamicDefinition dynamic) {
            return dynamic.getUri();
        }
        if (step instanceof WireTapDefinition<?> tap) {
            return tap.getUri();
        }
        if (step instanceof EnrichDefinition enrich && enrich.getExpression() != null) {
            return enrich.getExpression().getExpression();
        }
        return null;
    }
}
