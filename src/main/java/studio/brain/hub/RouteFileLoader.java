package studio.brain.hub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import studio.brain.gate.guard.RouteGuard;
import studio.brain.observability.EventLog;

/**
 * Loads the routes folder one file at a time, so that a bad file costs only itself: it is refused with file,
 * line and reason, reported as a degradation, and the hub runs on with everything else. A route that could write
 * without passing the execution step is refused the same way (the route guard). On reload a file is read
 * and checked completely before its running routes are replaced; a bad edit leaves the previous version running.
 */
public final class RouteFileLoader {
    public static final String SUFFIX = ".camel.yaml";
    private static final EventLog LOG = EventLog.of("routes");

    private final CamelContext context;
    private final Degradations degradations;
    private final Map<Path, List<RouteDefinition>> loaded = new ConcurrentHashMap<>();
    /** Routes that Kamelets created for a file's routes; they go when the file's routes go. */
    private final Map<List<RouteDefinition>, Set<String>> kameletRoutes = new java.util.IdentityHashMap<>();

    private final RouteGuard guard;

    public RouteFileLoader(CamelContext context, Degradations degradations, RouteGuard guard) {
        this.context = context;
        this.degradations = degradations;
        this.guard = guard;
    }

    public static List<Path> routeFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the routes folder " + dir, e);
        }
    }

    /** Loads every route file of the folder; returns how many loaded. */
    public synchronized int loadAll(Path dir) {
        if (!Files.isDirectory(dir)) {
            LOG.warn("routes.folder_missing", "dir", dir.toString());
            degradations.report("routes:" + dir, "routes folder not found");
            return 0;
        }
        int ok = 0;
        for (Path file : routeFiles(dir)) {
            if (load(file)) {
                ok++;
            }
        }
        return ok;
    }

    /** Loads a new or changed file. True when its routes now run from this version of the file. */
    public synchronized boolean load(Path file) {
        Path key = file.toAbsolutePath().normalize();
        List<RouteDefinition> fresh;
        try {
            fresh = parse(key);
        } catch (Exception e) {
            refuse(key, LoadProblem.of(key, null, e));
            return false;
        }
        List<RouteDefinition> previous = loaded.getOrDefault(key, List.of());
        removeAll(previous);
        try {
            addAndStart(fresh);
        } catch (Exception e) {
            removeAll(fresh);
            restore(key, previous);
            refuse(key, LoadProblem.of(key, lineOfFailedRoute(fresh, e), e));
            return false;
        }
        loaded.put(key, fresh);
        degradations.clear(componentName(key));
        LOG.info(previous.isEmpty() ? "routes.loaded" : "routes.reloaded", "file", key.getFileName().toString(),
                "routeIds", ids(fresh));
        return true;
    }

    /** A file was deleted: its routes stop. */
    public synchronized void unload(Path file) {
        Path key = file.toAbsolutePath().normalize();
        List<RouteDefinition> previous = loaded.remove(key);
        if (previous != null) {
            removeAll(previous);
            LOG.info("routes.unloaded", "file", key.getFileName().toString(), "routeIds", ids(previous));
        }
        degradations.clear(componentName(key));
    }

    public synchronized Set<Path> loadedFiles() {
        return Set.copyOf(loaded.keySet());
    }

    private List<RouteDefinition> parse(Path file) throws Exception {
        Resource resource = PluginHelper.getResourceLoader(context).resolveResource("file:" + file);
        Collection<RoutesBuilder> builders = PluginHelper.getRoutesLoader(context).findRoutesBuilders(List.of(resource));
        List<RouteDefinition> routes = new ArrayList<>();
        for (RoutesBuilder builder : builders) {
            if (!(builder instanceof RouteBuilder routeBuilder)) {
                throw new IllegalArgumentException("unsupported content; a routes file holds route definitions");
            }
            routes.addAll(routeBuilder.configureRoutes(context).getRoutes());
            if (!routeBuilder.getRestCollection().getRests().isEmpty()
                    || !routeBuilder.getRouteTemplateCollection().getRouteTemplates().isEmpty()) {
                throw new IllegalArgumentException("only route definitions belong in the routes folder; "
                        + "REST and template definitions are not loaded from here");
            }
        }
        checkIds(file, routes);
        for (RouteDefinition route : routes) {
            for (RouteGuard.Violation violation : guard.check(route)) {
                throw new LineAwareException(violation.line(), violation.reason());
            }
        }
        return routes;
    }

    private void checkIds(Path file, List<RouteDefinition> routes) {
        for (RouteDefinition route : routes) {
            if (route.getId() == null || route.getId().isBlank()) {
                throw new LineAwareException(route.getLineNumber(), "a route has no id; give every route an id so "
                        + "reloads, readiness and the audit record can name it");
            }
            for (Map.Entry<Path, List<RouteDefinition>> other : loaded.entrySet()) {
                if (!other.getKey().equals(file)
                        && other.getValue().stream().anyMatch(r -> route.getId().equals(r.getId()))) {
                    throw new LineAwareException(route.getLineNumber(), "route id '" + route.getId()
                            + "' is already used by " + other.getKey().getFileName());
                }
            }
            if (context.getRoute(route.getId()) != null && !loaded.getOrDefault(file, List.of()).stream()
                    .anyMatch(r -> route.getId().equals(r.getId()))) {
                throw new LineAwareException(route.getLineNumber(), "route id '" + route.getId()
                        + "' is already used by a route of the hub itself");
            }
        }
    }

    private void refuse(Path file, LoadProblem problem) {
        degradations.report(componentName(file), problem.toString());
        LOG.warn("routes.refused", "file", file.getFileName().toString(), "line", problem.line(),
                "reason", problem.reason(), "keptPrevious", loaded.containsKey(file));
    }

    private void restore(Path file, List<RouteDefinition> previous) {
        if (previous.isEmpty()) {
            loaded.remove(file);
            return;
        }
        try {
            addAndStart(previous);
        } catch (Exception e) {
            loaded.remove(file);
            LOG.error("routes.restore_failed", e, "file", file.getFileName().toString());
        }
    }

    /**
     * A route may stay stopped by design: {@code autoStartup: "{{...}}"} names a setting the hub resolves, such as a
     * write pilot that is off. Such a route is loaded (and checked) but not started.
     */
    private boolean autoStartup(RouteDefinition route) {
        String value = route.getAutoStartup();
        if (value == null) {
            return true;
        }
        try {
            return !"false".equalsIgnoreCase(context.resolvePropertyPlaceholders(value).trim());
        } catch (RuntimeException unresolved) {
            return true;
        }
    }

    /**
     * Adds the routes to the running context and starts them through the supervising route controller: a consumer
     * that cannot start yet is retried with back-off. (Kamelet routes start with the route that uses them.)
     */
    private void addAndStart(List<RouteDefinition> routes) throws Exception {
        Set<String> before = routeIds();
        ((ModelCamelContext) context).addRouteDefinitions(routes);
        for (RouteDefinition route : routes) {
            ServiceStatus status = context.getRouteController().getRouteStatus(route.getId());
            if (status == null || status.isStarted() || status.isStarting() || !autoStartup(route)) {
                continue;
            }
            try {
                context.getRouteController().startRoute(route.getId());
            } catch (Exception e) {
                // The route is in place; the supervisor retries its start with back-off and readiness names it.
                LOG.debug("routes.start_deferred", "routeId", route.getId(), "errorClass", e.getClass().getName());
            }
        }
        for (Route created : List.copyOf(context.getRoutes())) {
            if (created.isCreatedByKamelet() && !before.contains(created.getRouteId())) {
                kameletRoutes.computeIfAbsent(routes, r -> ConcurrentHashMap.newKeySet()).add(created.getRouteId());
            }
        }
    }

    private Set<String> routeIds() {
        return context.getRoutes().stream().map(Route::getRouteId).collect(Collectors.toSet());
    }

    private void removeAll(List<RouteDefinition> routes) {
        List<String> ids = new ArrayList<>(ids(routes));
        Set<String> plumbing = kameletRoutes.remove(routes);
        if (plumbing != null) {
            ids.addAll(plumbing);
        }
        for (String id : ids) {
            if (id == null || context.getRoute(id) == null) {
                continue;
            }
            try {
                context.getRouteController().stopRoute(id);
                context.removeRoute(id);
            } catch (Exception e) {
                LOG.warn("routes.remove_failed", "routeId", id, "errorClass", e.getClass().getName());
            }
        }
    }

    /** The line of the route Camel could not create, when the error names it. */
    private static Integer lineOfFailedRoute(List<RouteDefinition> routes, Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof FailedToCreateRouteException failed) {
                return routes.stream().filter(r -> failed.getRouteId().equals(r.getId()))
                        .map(RouteDefinition::getLineNumber).filter(n -> n > 0).findFirst().orElse(null);
            }
        }
        return null;
    }

    private static List<String> ids(List<RouteDefinition> routes) {
        return routes.stream().map(RouteDefinition::getId).toList();
    }

    public static String componentName(Path file) {
        return "route-file:" + file.getFileName();
    }

    /** A refusal found after parsing, pointing at the route's own line. */
    static final class LineAwareException extends IllegalArgumentException {
        private final int line;

        LineAwareException(int line, String message) {
            super(message);
            this.line = line;
        }

        int line() {
            return line;
        }
    }
}
