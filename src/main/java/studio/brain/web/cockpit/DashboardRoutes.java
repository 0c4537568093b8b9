package studio.brain.web.cockpit;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import studio.brain.web.JsonApi;

/**
 * Serves the cockpit: {@code GET /dashboard} is its page and {@code GET /dashboard/<file>} its scripts, styles and
 * images, all from {@code cockpit/} on the classpath. Only plain file names of known kinds are served (no folders, no
 * dots beyond the extension), so a path can never reach another resource. The security headers (the content security
 * policy among them) and {@code Cache-Control: no-cache} (the browser asks again rather than run an old file) are
 * added by {@code HttpFront} for every {@code /dashboard} answer, errors included.
 */
final class DashboardRoutes extends JsonApi {
    static final String FOLDER = "cockpit/";
    private static final Pattern ASSET = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}\\.(js|css|html|svg|png)");
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "html", "text/html; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png");

    private final Map<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();

    @Override
    public void configure() {
        handleErrors();
        from("platform-http:/dashboard?httpMethodRestrict=GET").routeId("cockpit-page")
                .process(e -> serve(e, "index.html"));
        from("platform-http:/dashboard/{asset}?httpMethodRestrict=GET").routeId("cockpit-assets")
                .process(e -> serve(e, e.getIn().getHeader("asset", String.class)));
    }

    private void serve(Exchange exchange, String name) {
        Optional<byte[]> content = name != null && ASSET.matcher(name).matches()
                ? cache.computeIfAbsent(name, DashboardRoutes::read) : Optional.empty();
        if (content.isEmpty()) {
            error(exchange, 404, "NOT_FOUND", "no such cockpit file");
            return;
        }
        String requestId = requestId(exchange);
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
        exchange.setProperty(studio.brain.web.HttpFront.REQUEST_ID, requestId);
        message.setBody(content.get());
    }

    private static Optional<byte[]> read(String name) {
        try (InputStream in = DashboardRoutes.class.getClassLoader().getResourceAsStream(FOLDER + name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
