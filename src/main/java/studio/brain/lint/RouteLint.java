package studio.brain.lint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import studio.brain.gate.guard.RouteGuard;
import studio.brain.gate.guard.WriteEndpoints;
import studio.brain.hub.RouteFileLoader;

/**
 * Every route file as the hub would load it: parsed by Camel's YAML DSL into route definitions (in a context that
 * is never started, so nothing runs and nothing connects), every route with an id used once, and every route passed
 * through the hub's {@link RouteGuard}, with the connectors folder deciding which Kamelets write.
 */
final class RouteLint {
    static final String DIR = "routes";
    static final String CONNECTORS_DIR = "connectors-yaml";
    static final String PARSE = "route.parse";
    static final String ID = "route.id";
    static final String GUARD = "route.guard";

    private RouteLint() {
    }

    static List<Finding> check(Path repo) {
        List<Finding> findings = new ArrayList<>();
        RouteGuard guard = new RouteGuard(new WriteEndpoints(repo.resolve(CONNECTORS_DIR)));
        Map<String, String> fileOfId = new HashMap<>();
        // Never started: it only lends the YAML DSL its loaders, so there is nothing to stop afterwards (stopping
        // would log a shutdown, as if a hub had run).
        DefaultCamelContext context = new DefaultCamelContext();
        for (Path file : RouteFileLoader.routeFiles(repo.resolve(DIR))) {
            String name = Lint.relative(repo, file);
            List<RouteDefinition> routes;
            try {
                routes = parse(context, file);
            } catch (Exception e) {
                findings.add(new Finding(name, yamlLine(e), PARSE, "Camel cannot read the file: " + reason(e),
                        "fix the route definition; the hub would refuse this file and run without it"));
                continue;
            }
            for (RouteDefinition route : routes) {
                Integer line = route.getLineNumber() > 0 ? route.getLineNumber() : null;
                if (route.getId() == null || route.getId().isBlank()) {
                    findings.add(new Finding(name, line, ID, "a route has no id",
                            "give every route an id so reloads, readiness and the audit record can name it"));
                } else {
                    String first = fileOfId.putIfAbsent(route.getId(), name);
                    if (first != null) {
                        findings.add(new Finding(name, line, ID, "route id '" + route.getId()
                                + "' is already used by " + first, "rename one of the two routes"));
                    }
                }
                for (RouteGuard.Violation violation : guard.check(route)) {
                    findings.add(new Finding(name, violation.line() > 0 ? violation.line() : line, GUARD,
                            violation.reason(), "send the action to direct:policy-gate as a proposal; only an "
                            + "execution route (from " + RouteGuard.EXECUTION_PREFIX + "<capability>) may write"));
                }
            }
        }
        return findings;
    }

    private static List<RouteDefinition> parse(DefaultCamelContext context, Path file) throws Exception {
        Resource resource = PluginHelper.getResourceLoader(context).resolveResource("file:" + file.toAbsolutePath());
        Collection<RoutesBuilder> builders = PluginHelper.getRoutesLoader(context)
                .findRoutesBuilders(List.of(resource));
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
        return routes;
    }

    private static Integer yamlLine(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof MarkedYamlEngineException marked) {
                return marked.getProblemMark().or(marked::getContextMark).map(m -> m.getLine() + 1).orElse(null);
            }
        }
        return null;
    }

    private static String reason(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message).trim();
    }
}
