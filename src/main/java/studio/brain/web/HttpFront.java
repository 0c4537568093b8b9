package studio.brain.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import studio.brain.observability.EventLog;

/**
 * What every HTTP request meets before and after the routes: a request id (the caller's X-Request-Id when it is
 * sane, else a new one) that is echoed and handed to Camel as the breadcrumb id, so it reaches the log MDC; and
 * JSON errors for unknown paths, wrong methods, oversized bodies and anything unexpected; and the security headers
 * of every answer (below).
 *
 * <p>Every answer says {@code nosniff} and {@code Referrer-Policy: no-referrer} (a proposal id in a URL stays here). The
 * cockpit ({@code /dashboard} and its files) gets a content security policy that runs only the hub's own script
 * files — no inline script, no other origin — and may not be framed; every other answer is data, which may run and
 * embed nothing. {@code /api/} answers are never cached.
 */
public final class HttpFront {
    public static final String REQUEST_ID = "X-Request-Id";
    private static final String BREADCRUMB = "breadcrumbId";
    private static final String CONTEXT_KEY = "studioBrain.requestId";
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final EventLog LOG = EventLog.of("web");
    static final String DASHBOARD = "/dashboard";
    static final String COCKPIT_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    static final String DATA_POLICY = "default-src 'none'; frame-ancestors 'none'";

    private HttpFront() {
    }

    public static void install(Router router) {
        router.route().order(Integer.MIN_VALUE).handler(HttpFront::assignRequestId);
        router.route().order(Integer.MIN_VALUE + 1).failureHandler(HttpFront::failed);
        // Last in line: whatever no route took. Later routes get smaller orders, so this stays last.
        router.route().order(Integer.MAX_VALUE).handler(ctx -> unmatched(router, ctx));
    }

    private static void unmatched(Router router, RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        String path = ctx.request().path();
        Set<String> allowed = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            if (route.getPath() != null && route.methods() != null && samePath(route.getPath(), path)) {
                route.methods().forEach(m -> allowed.add(m.name()));
            }
        }
        if (!allowed.isEmpty() && !allowed.contains(method.name())) {
            ctx.response().putHeader("Allow", String.join(", ", allowed));
            error(ctx, 405, "METHOD_NOT_ALLOWED", method.name() + " is not allowed on " + path
                    + "; allowed: " + String.join(", ", allowed));
        } else {
            error(ctx, 404, "NOT_FOUND", "no such endpoint: " + path);
        }
    }

    /** Vert.x path templates: a {@code :name} segment matches any one segment. */
    static boolean samePath(String template, String path) {
        String[] t = template.split("/", -1);
        String[] p = path.split("/", -1);
        if (t.length != p.length) {
            return false;
        }
        for (int i = 0; i < t.length; i++) {
            if (!t[i].startsWith(":") && !t[i].equals(p[i])) {
                return false;
            }
        }
        return true;
    }

    private static void failed(RoutingContext ctx) {
        int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
        switch (status) {
            case 413 -> error(ctx, 413, "PAYLOAD_TOO_LARGE", "the request body is too large");
            case 404 -> error(ctx, 404, "NOT_FOUND", "no such endpoint: " + ctx.request().path());
            case 405 -> error(ctx, 405, "METHOD_NOT_ALLOWED", ctx.request().method() + " is not allowed on "
                    + ctx.request().path());
            case 400 -> error(ctx, 400, "BAD_REQUEST", "the request could not be read");
            default -> {
                Throwable failure = ctx.failure();
                LOG.warn("http.failed", "path", ctx.request().path(), "status", status,
                        "errorClass", failure == null ? null : failure.getClass().getName());
                error(ctx, status >= 500 ? 500 : status, status >= 500 ? "INTERNAL" : "BAD_REQUEST",
                        "the hub could not handle this request; the log has more under its request id");
            }
        }
    }

    private static void assignRequestId(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String offered = request.getHeader(REQUEST_ID);
        String id = offered != null && SANE_ID.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
        ctx.put(CONTEXT_KEY, id);
        request.headers().set(REQUEST_ID, id);
        request.headers().set(BREADCRUMB, id);
        String path = request.path();
        ctx.addHeadersEndHandler(v -> {
            ctx.response().headers().remove(BREADCRUMB);
            ctx.response().headers().set(REQUEST_ID, id);
            securityHeaders(ctx, path);
        });
        ctx.next();
    }

    private static void securityHeaders(RoutingContext ctx, String path) {
        var headers = ctx.response().headers();
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        boolean cockpit = path != null && (path.equals(DASHBOARD) || path.startsWith(DASHBOARD + "/"));
        headers.set("Content-Security-Policy", cockpit ? COCKPIT_POLICY : DATA_POLICY);
        headers.set("X-Frame-Options", "DENY");
        if (path != null && path.startsWith("/api/")) {
            headers.set("Cache-Control", "no-store");
        } else if (cockpit && !headers.contains("Cache-Control")) {
            headers.set("Cache-Control", "no-cache");
        }
    }

    public static String requestId(RoutingContext ctx) {
        String id = ctx.get(CONTEXT_KEY);
        return id == null ? UUID.randomUUID().toString() : id;
    }

    private static void error(RoutingContext ctx, int status, String code, String message) {
        if (ctx.response().headWritten()) {
            ctx.response().end();
            return;
        }
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(ApiError.json(code, message, requestId(ctx)));
    }
}
