package studio.brain.web.cockpit;

import io.vertx.core.http.HttpServerRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import studio.brain.gate.Actor;
import studio.brain.ledger.AuditRecord;
import studio.brain.ledger.Ledger;
import studio.brain.observability.EventLog;
import studio.brain.web.api.Access;
import studio.brain.web.api.ApiAuthentication;
import studio.brain.web.api.ApiProblem;
import studio.brain.web.api.ApiRoutes;
import studio.brain.web.api.StaffSessions;

/**
 * The cockpit's sign-in: {@code POST /api/session} with a staff credential in {@code Authorization} (the admin token
 * or a Firebase ID token, through the same authentication step and sign-in throttle as every API call) opens a
 * {@link StaffSessions session}; the answer sets an HttpOnly, SameSite=Strict cookie holding only the session's random
 * id and carries the CSRF token in its body, for the page to keep in memory. {@code GET /api/session} gives a page
 * opened later (a link from a notification) the same answer for the cookie it already has; {@code DELETE /api/session}
 * signs out. Sign-in and sign-out are recorded in the ledger, without any credential.
 */
final class SessionApi extends ApiRoutes {
    private static final EventLog LOG = EventLog.of("web");
    private final StaffSessions sessions;
    private final Ledger ledger;
    private final String tenantId;

    SessionApi(ApiAuthentication authentication, Ledger ledger, String tenantId) {
        super(authentication);
        this.sessions = authentication.sessions();
        this.ledger = ledger;
        this.tenantId = tenantId;
    }

    @Override
    public void configure() {
        handleApiErrors();
        endpoint("POST", "/api/session", Access.STAFF, "api-session-sign-in").process(this::signIn);
        endpoint("GET", "/api/session", Access.STAFF, "api-session").process(this::current);
        endpoint("DELETE", "/api/session", Access.STAFF, "api-session-sign-out").process(this::signOut);
    }

    private void signIn(Exchange exchange) throws Exception {
        if (ApiAuthentication.bySession(exchange)) {
            throw ApiProblem.badRequest("sign in with a credential in the Authorization header, not with a session");
        }
        StaffSessions.Session session = sessions.open(actor(exchange));
        record(exchange, session.actor(), "staff.signed_in");
        respond(exchange, 201, view(session));
        exchange.getMessage().setHeader("Set-Cookie", cookie(exchange, session.id(), StaffSessions.LIFETIME.toSeconds()));
    }

    private void current(Exchange exchange) throws Exception {
        respond(exchange, 200, view(session(exchange)));
    }

    private void signOut(Exchange exchange) throws Exception {
        StaffSessions.Session session = session(exchange);
        sessions.close(session.id());
        record(exchange, session.actor(), "staff.signed_out");
        respond(exchange, 200, Map.of("signedOut", true));
        exchange.getMessage().setHeader("Set-Cookie", cookie(exchange, "", 0));
    }

    /** The session this request came with; a request signed in with a header has none. */
    private StaffSessions.Session session(Exchange exchange) {
        HttpServerRequest request = request(exchange);
        if (!ApiAuthentication.bySession(exchange) || request == null) {
            throw ApiProblem.notFound("this request has no cockpit session; sign in with POST /api/session");
        }
        return sessions.touch(request.getCookie(StaffSessions.COOKIE).getValue())
                .orElseThrow(() -> ApiProblem.notFound("the cockpit session has ended"));
    }

    private Map<String, Object> view(StaffSessions.Session session) {
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("type", session.actor().type().value());
        actor.put("id", session.actor().id());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("actor", actor);
        view.put("tenantId", session.actor().tenantId());
        view.put("csrfToken", session.csrfToken());
        view.put("createdAt", session.createdAt().toString());
        view.put("expiresAt", session.expiresAt().toString());
        view.put("idleTimeoutSeconds", StaffSessions.IDLE.toSeconds());
        return view;
    }

    /** HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it), Secure when served over TLS. */
    private static String cookie(Exchange exchange, String value, long maxAgeSeconds) {
        HttpServerRequest request = request(exchange);
        boolean tls = request != null && request.isSSL();
        return StaffSessions.COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Strict"
                + (tls ? "; Secure" : "");
    }

    private static HttpServerRequest request(Exchange exchange) {
        return exchange.getIn() instanceof HttpMessage http ? http.getRequest() : null;
    }

    private void record(Exchange exchange, Actor actor, String action) {
        try {
            ledger.append(AuditRecord.of(tenantId, actor.type(), actor.id(), action).target("cockpit")
                    .requestId(requestId(exchange)).build());
        } catch (RuntimeException e) {
            // The sign-in or sign-out stands either way; only its record is missing, and the log says so.
            LOG.warn("cockpit.session_not_recorded", "action", action, "errorClass", e.getClass().getName());
        }
    }
}
