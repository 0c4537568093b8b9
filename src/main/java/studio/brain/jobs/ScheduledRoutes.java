package studio.brain.jobs;

import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;

/**
 * Gives every route that starts from a scheduler (quartz, timer, scheduler, cron) the job-run policy — unless the
 * route says it is a poller rather than a job with the route property {@value #JOB_RUN_PROPERTY}{@code =false}.
 */
public final class ScheduledRoutes implements RoutePolicyFactory {
    private static final Set<String> SCHEDULERS = Set.of("quartz", "timer", "scheduler", "cron");

    public static final String JOB_RUN_PROPERTY = "studio-brain.job-run";

    private final RoutePolicy policy;

    public ScheduledRoutes(RoutePolicy policy) {
        this.policy = policy;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext context, String routeId, NamedNode route) {
        if (route instanceof RouteDefinition definition && definition.getInput() != null
                && isScheduler(definition.getInput().getEndpointUri()) && !optedOut(definition)) {
            return policy;
        }
        return null;
    }

    private static boolean optedOut(RouteDefinition definition) {
        return definition.getRouteProperties() != null && definition.getRouteProperties().stream()
                .anyMatch(p -> JOB_RUN_PROPERTY.equals(p.getKey()) && "false".equals(p.getValue()));
    }

    static boolean isScheduler(String uri) {
        if (uri == null) {
            return false;
        }
        int colon = uri.indexOf(':');
        return colon > 0 && SCHEDULERS.contains(uri.substring(0, colon));
    }
}
