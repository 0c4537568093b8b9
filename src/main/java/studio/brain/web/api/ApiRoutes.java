package studio.brain.web.api;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Collection;
import java.util.UUID;
import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.direct.DirectConsumerNotAvailableException;
import org.apache.camel.model.RouteDefinition;
import studio.brain.gate.Actor;
import studio.brain.gate.GateException;
import studio.brain.gate.auth.DelegationRequestException;
import studio.brain.observability.EventLog;
import studio.brain.store.DatabaseUnavailableException;
import studio.brain.web.JsonApi;

/**
 * Base of the {@code /api/} routes: each endpoint is declared with its method, path and {@link Access}, starts
 * with the authentication step, and maps every refusal of the hub's services to the one error shape with the status
 * its reason code names.
 */
public abstract class ApiRoutes extends JsonApi {
    private static final EventLog LOG = EventLog.of("web");
    private final ApiAuthentication authentication;
    private ProducerTemplate producer;

    protected ApiRoutes(ApiAuthentication authentication) {
        this.authentication = authentication;
    }

    /** Installs the error mapping; subclasses call it first in {@link #configure()}. */
    protected void handleApiErrors() {
        onException(ApiProblem.class).handled(true).process(e -> caught(e, ApiProblem.class).respond(e));
        onException(GateException.class).handled(true).process(e -> {
            GateException refused = caught(e, GateException.class);
            ApiProblem problem = ApiProblem.of(refused.reason(), refused.getMessage());
            problem = refused.decisionId() == null ? problem : problem.withDecisionId(refused.decisionId());
            (refused.retryAfter() == null ? problem : problem.withRetryAfter(refused.retryAfter())).respond(e);
        });
        onException(DelegationRequestException.class).handled(true).process(e -> {
            DelegationRequestException refused = caught(e, DelegationRequestException.class);
            ApiProblem.of(refused.reason(), refused.getMessage()).respond(e);
        });
        onException(DatabaseUnavailableException.class).handled(true).process(e -> unavailable().respond(e));
        onException(SQLException.class).handled(true).process(e -> {
            SQLException failure = caught(e, SQLException.class);
            LOG.warn("api.database_failed", "routeId", e.getFromRouteId(), "errorClass", failure.getClass().getName(),
                    "sqlState", failure.getSQLState());
            if (connectionLost(failure)) {
                unavailable().respond(e);
            } else {
                error(e, 500, "INTERNAL", "the hub could not handle this request; the log has more under its request id");
            }
        });
        handleErrors();
    }

    private static ApiProblem unavailable() {
        return ApiProblem.of(503, ApiProblem.UNAVAILABLE, "the hub's database cannot be reached; try again later");
    }

    /** SQL state class 08 is "connection exception"; the pool's own time-out is a transient connection failure. */
    private static boolean connectionLost(SQLException failure) {
        return failure instanceof SQLTransientConnectionException || failure instanceof SQLNonTransientConnectionException
                || (failure.getSQLState() != null && failure.getSQLState().startsWith("08"));
    }

    /** An endpoint: {@code platform-http} on this path for this method, admitting only who the access allows. */
    protected RouteDefinition endpoint(String method, String path, Access access, String routeId) {
        return from("platform-http:" + path + "?httpMethodRestrict=" + method).routeId(routeId)
                .process(authentication.require(access));
    }

    protected static Actor actor(Exchange exchange) {
        return ApiAuthentication.actor(exchange);
    }

    /**
     * A path or query parameter. platform-http puts both in the message headers, and one given twice (in the path
     * and again in the query) arrives as a list: that is refused rather than guessed at.
     */
    protected static String parameter(Exchange exchange, String name) {
        Object value = exchange.getIn().getHeader(name);
        if (value instanceof Collection<?>) {
            throw ApiProblem.badRequest("the parameter '" + name + "' is given more than once");
        }
        String text = value == null ? null : value.toString().trim();
        return text == null || text.isEmpty() ? null : text;
    }

    /**
     * Hands the request's work to a route of {@code routes/} and answers what it answered; when that route file is
     * not loaded, 503 naming it (an integrator may have removed or broken it), never a 500.
     */
    protected Object requestRoute(String endpoint, Map<String, Object> headers, String routeFile) {
        try {
            return producer().requestBodyAndHeaders(endpoint, null, headers);
        } catch (CamelExecutionException e) {
            if (e.getCause() instanceof DirectConsumerNotAvailableException) {
                throw ApiProblem.of(503, ApiProblem.UNAVAILABLE, "the route behind this endpoint is not running: "
                        + "check " + routeFile + " in GET /readyz");
            }
            throw e;
        }
    }

    /** A producer for endpoints that hand work to a route ({@code direct:…}), made once per API. */
    private synchronized ProducerTemplate producer() {
        if (producer == null) {
            producer = getContext().createProducerTemplate();
        }
        return producer;
    }

    /** The {@code limit} query parameter: 1 to 500, the default when absent, 400 otherwise. */
    protected static int limit(Exchange exchange, int fallback) {
        String text = parameter(exchange, "limit");
        if (text == null) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= 500) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiProblem.badRequest("limit must be a whole number from 1 to 500");
    }

    /** The {@code {id}} of a path as a UUID; anything else names nothing here (404). */
    protected static UUID idParameter(Exchange exchange, String what) {
        String id = parameter(exchange, "id");
        try {
            return UUID.fromString(id);
        } catch (RuntimeException e) {
            throw ApiProblem.notFound("no " + what + " " + shorten(id));
        }
    }

    static String shorten(String text) {
        if (text == null) {
            return "(none)";
        }
        String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        return shown.replaceAll("[^\\x20-\\x7e…]", "?");
    }

    private static <T extends Exception> T caught(Exchange exchange, Class<T> type) {
        return type.cast(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
    }
}
