package studio.brain.observability;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.RouteController;
import org.apache.camel.spi.SupervisingRouteController;
import studio.brain.config.HubConfig;
import studio.brain.gate.PolicyStore;
import studio.brain.hub.Degradations;
import studio.brain.store.DatabaseStartup;

/**
 * Answers "can the hub do its work?": the database must answer and be migrated to head, or the hub is not ready
 * (503), as it is until the routes folder has been loaded. Anything less — a route that failed to start, a refused route file or Kamelet — makes it degraded, still
 * ready (200), with each part named so an operator knows where to look.
 */
public final class Readiness {
    private final DatabaseStartup database;
    private final CamelContext camel;
    private final Degradations degradations;
    private final HubConfig config;
    private final BooleanSupplier routeFilesLoaded;
    private final Map<String, java.util.function.Supplier<Map<String, Object>>> advisories = new java.util.concurrent.ConcurrentSkipListMap<>();

    public Readiness(DatabaseStartup database, CamelContext camel, Degradations degradations, HubConfig config,
                     BooleanSupplier routeFilesLoaded) {
        this.database = database;
        this.camel = camel;
        this.degradations = degradations;
        this.config = config;
        this.routeFilesLoaded = routeFilesLoaded;
    }

    /**
     * A check that informs without deciding readiness (StudioState's freshness, say): shown under {@code checks}, and
     * under {@code warnings} when its {@code status} is {@code stale} or {@code failing}.
     */
    public void addAdvisory(String name, java.util.function.Supplier<Map<String, Object>> check) {
        advisories.put(name, check);
    }

    /** The report; {@code ready()} of it decides between 200 and 503. */
    public Report check() {
        Map<String, Object> checks = new LinkedHashMap<>();
        boolean databaseReady = checkDatabase(checks);
        List<Map<String, String>> degraded = new ArrayList<>();
        boolean routesLoaded = routeFilesLoaded.getAsBoolean();
        checks.put("routes", routesLoaded ? checkRoutes(degraded) : Map.of("status", "loading"));
        List<Map<String, Object>> warnings = new ArrayList<>();
        if (databaseReady) {
            advisories.forEach((name, advisory) -> {
                Map<String, Object> result = advise(advisory);
                checks.put(name, result);
                if ("stale".equals(result.get("status")) || "failing".equals(result.get("status"))) {
                    Map<String, Object> warning = new LinkedHashMap<>(result);
                    warning.put("component", name);
                    warnings.add(warning);
                }
            });
        }
        degradations.current().forEach((component, reason) ->
                degraded.add(Map.of("component", component, "reason", reason)));
        String status = !(databaseReady && routesLoaded) ? "not_ready" : degraded.isEmpty() ? "ready" : "degraded";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("checks", checks);
        body.put("degraded", degraded);
        body.put("warnings", warnings);
        body.put("mode", Map.of(
                "tenantId", config.tenantId(),
                "writesEnabled", config.writesEnabled(),
                "writeApprovalRequired", config.writeApprovalRequired(),
                "sampleData", config.sampleStudio()));
        return new Report(!"not_ready".equals(status), body);
    }

    private static Map<String, Object> advise(java.util.function.Supplier<Map<String, Object>> advisory) {
        try {
            return advisory.get();
        } catch (RuntimeException e) {
            return Map.of("status", "failing", "errorClass", e.getClass().getName());
        }
    }

    /** Database reachable and still migrated to this process's head version, in one short query round. */
    private boolean checkDatabase(Map<String, Object> checks) {
        if (!database.isDone()) {
            checks.put("database", Map.of("status", "starting"));
            return false;
        }
        if (database.failure().isPresent()) {
            checks.put("database", Map.of("status", "down", "errorClass",
                    database.failure().get().getClass().getName()));
            return false;
        }
        try (Connection c = database.dataSource().getConnection()) {
            boolean atHead = database.migrations().stillAtHead(c);
            checks.put("database", Map.of("status", "up", "embedded", database.database().isEmbedded()));
            PolicyStore.KillSwitch killSwitch = PolicyStore.killSwitch(c, config.tenantId());
            checks.put("killSwitch", killSwitch.on()
                    ? Map.of("on", true, "by", killSwitch.actorId(), "since", killSwitch.at().toString(),
                            "rationale", killSwitch.rationale())
                    : Map.of("on", false));
            checks.put("migrations", Map.of("status", atHead ? "up" : "behind",
                    "version", database.migrations().headVersion()));
            return atHead;
        } catch (Exception e) {
            checks.put("database", Map.of("status", "down", "errorClass", e.getClass().getName()));
            return false;
        }
    }

    private Map<String, Object> checkRoutes(List<Map<String, String>> degraded) {
        RouteController controller = camel.getRouteController();
        SupervisingRouteController supervisor = controller.isSupervising()
                ? controller.adapt(SupervisingRouteController.class) : null;
        int started = 0;
        // Kamelet routes are plumbing of the route that uses them, which is checked itself.
        // Routes switched off by configuration (autoStartup false) are not expected to run.
        List<Route> routes = camel.getRoutes().stream().filter(r -> !r.isCreatedByKamelet())
                .filter(r -> !switchedOff(r.getRouteId()))
                .filter(distinctIds()).toList();
        for (Route route : routes) {
            ServiceStatus status = controller.getRouteStatus(route.getRouteId());
            if (status != null && status.isStarted()) {
                started++;
                continue;
            }
            degraded.add(Map.of("component", "route:" + route.getRouteId(),
                    "reason", notStartedReason(supervisor, route.getRouteId(), status)));
        }
        return Map.of("status", started == routes.size() ? "up" : "degraded", "started", started,
                "total", routes.size());
    }

    private static String notStartedReason(SupervisingRouteController supervisor, String routeId, ServiceStatus status) {
        if (supervisor == null) {
            return "route is " + status;
        }
        Throwable failure = supervisor.getRestartException(routeId);
        String cause = failure == null ? "" : ": " + failure.getClass().getSimpleName() + ": "
                + SecretValueMasker.maskText(String.valueOf(failure.getMessage()));
        if (supervisor.getExhaustedRoutes().stream().anyMatch(r -> r.getRouteId().equals(routeId))) {
            return "failed to start and gave up retrying" + cause;
        }
        if (failure != null || supervisor.getRestartingRoutes().stream().anyMatch(r -> r.getRouteId().equals(routeId))) {
            return "failed to start, retrying with backoff" + cause;
        }
        return status != null && status.isStarting() ? "route is starting" : "route is " + status;
    }

    /** 1 while the kill switch is on, 0 when off, -1 when the database cannot say (for the metric). */
    public double killSwitchGauge() {
        if (!database.isDone() || database.failure().isPresent()) {
            return -1;
        }
        try (Connection c = database.dataSource().getConnection()) {
            return PolicyStore.killSwitch(c, config.tenantId()).on() ? 1 : 0;
        } catch (Exception e) {
            return -1;
        }
    }

    /** A route whose definition says autoStartup false (after placeholders), like a feature left off. */
    private boolean switchedOff(String routeId) {
        RouteDefinition definition = ((ModelCamelContext) camel).getRouteDefinition(routeId);
        if (definition == null || definition.getAutoStartup() == null) {
            return false;
        }
        return "false".equalsIgnoreCase(camel.resolvePropertyPlaceholders(definition.getAutoStartup()).trim());
    }

    private static java.util.function.Predicate<Route> distinctIds() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        return route -> seen.add(route.getRouteId());
    }

    /** The outcome of one readiness check. */
    public record Report(boolean ready, Map<String, Object> body) {
    }
}
