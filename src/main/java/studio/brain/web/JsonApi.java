package studio.brain.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import studio.brain.hash.CanonicalJson;
import studio.brain.observability.EventLog;

/**
 * Base of the hub's JSON API routes: answers are JSON with no-store caching, request headers are never echoed,
 * and any failure becomes the one error shape — 400 for bad input (with the reason), 500 for anything else
 * (without it: the log has the error class under the request id).
 */
public abstract class JsonApi extends RouteBuilder {
    private static final EventLog LOG = EventLog.of("web");

    /** Installs the error mapping; subclasses call it first in {@link #configure()}. */
    protected void handleErrors() {
        onException(IllegalArgumentException.class).handled(true)
                .process(e -> error(e, 400, "BAD_REQUEST", e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class)
                        .getMessage()));
        onException(Exception.class).handled(true).process(e -> {
            Exception cause = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            LOG.warn("api.failed", "routeId", e.getFromRouteId(), "errorClass", cause.getClass().getName());
            error(e, 500, "INTERNAL", "the hub could not handle this request; the log has more under its request id");
        });
    }

    public static void respond(Exchange exchange, int status, Object body) throws JsonProcessingException {
        Message message = clean(exchange, status, "application/json");
        message.setBody(CanonicalJson.mapper().writeValueAsString(body));
    }

    public static void error(Exchange exchange, int status, String code, String text) {
        Message message = clean(exchange, status, "application/json");
        message.setBody(ApiError.json(code, text, requestId(exchange)));
    }

    static Message clean(Exchange exchange, int status, String contentType) {
        String requestId = requestId(exchange);
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, contentType);
        message.setHeader("Cache-Control", "no-store");
        exchange.setProperty(HttpFront.REQUEST_ID, requestId);
        return message;
    }

    public static String requestId(Exchange exchange) {
        String fromProperty = exchange.getProperty(HttpFront.REQUEST_ID, String.class);
        if (fromProperty != null) {
            return fromProperty;
        }
        String header = exchange.getIn().getHeader(HttpFront.REQUEST_ID, String.class);
        return header != null ? header : exchange.getExchangeId();
    }

    /** A query parameter (platform-http maps them to headers), trimmed; null when absent or blank. */
    public static String query(Exchange exchange, String name) {
        String value = exchange.getIn().getHeader(name, String.class);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
