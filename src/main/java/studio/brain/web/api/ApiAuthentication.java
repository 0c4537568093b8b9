package studio.brain.web.api;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import studio.brain.gate.Actor;
import studio.brain.gate.ReasonCode;
import studio.brain.gate.auth.AuthenticationException;
import studio.brain.gate.auth.Authenticator;
import studio.brain.ledger.AuditRecord;
import studio.brain.ledger.Ledger;
import studio.brain.observability.EventLog;
import studio.brain.store.DatabaseUnavailableException;
import studio.brain.web.JsonApi;

/**
 * The one place an {@code /api/} request says who it is: the first step of every API route. It reads the
 * {@code Authorization} header, resolves the actor through the hub's {@link Authenticator}, checks the endpoint's
 * {@link Access}, and leaves the actor on the exchange ({@link #actor}). A refusal answers at once and stops the
 * route: 401 {@code NOT_AUTHENTICATED} with a {@code WWW-Authenticate} challenge for a missing or bad credential, 403
 * with the reason for a credential that is good but not enough, 429 for an address that keeps failing.
 *
 * <p>The cockpit's browser signs in once ({@code POST /api/session} with a bearer) and then presents the session
 * cookie instead of a header: with no {@code Authorization} header, the cookie's {@link StaffSessions session} is the
 * actor, and a state-changing request (anything but GET and HEAD) must also repeat the session's CSRF token in
 * {@value StaffSessions#CSRF_HEADER} — 403 {@code CSRF_TOKEN_INVALID} otherwise, before anything runs. A request with an
 * {@code Authorization} header is judged by that header alone, as before.
 *
 * <p>An authenticated actor refused for its role (an agent approving, say) is a step worth keeping, so it is
 * appended to the ledger as {@code api.access_refused}; failed sign-ins are not (anyone can send many) — the
 * authenticator logs them and the delegation service records refused delegation tokens.
 */
public final class ApiAuthentication {
    public static final String ACTOR = "studioBrain.actor";
    /** Set on the exchange when the actor came from the cockpit's session cookie rather than a credential header. */
    public static final String BY_SESSION = "studioBrain.bySession";
    public static final String CSRF_TOKEN_INVALID = "CSRF_TOKEN_INVALID";
    /** Both schemes the hub takes: staff sign in with Bearer, agents present a delegation token. */
    public static final String CHALLENGE = "Bearer realm=\"studio-brain\", Delegation realm=\"studio-brain\"";
    private static final Pattern PROPOSAL_PATH = Pattern.compile("/api/proposals/([0-9a-fA-F-]{36})(/.*)?");
    private static final EventLog LOG = EventLog.of("web");

    private final Authenticator authenticator;
    private final SignInThrottle throttle;
    private final Ledger ledger;
    private final String tenantId;
    private final StaffSessions sessions;

    public ApiAuthentication(Authenticator authenticator, SignInThrottle throttle, Ledger ledger, String tenantId,
                             StaffSessions sessions) {
        this.authenticator = authenticator;
        this.throttle = throttle;
        this.ledger = ledger;
        this.tenantId = tenantId;
        this.sessions = sessions;
    }

    /** The cockpit's sessions, which this step accepts in place of a credential header. */
    public StaffSessions sessions() {
        return sessions;
    }

    /** The step that admits only actors this access allows. */
    public Processor require(Access access) {
        return exchange -> {
            try {
                exchange.setProperty(ACTOR, admit(exchange, access));
            } catch (ApiProblem refused) {
                refused.respond(exchange);
                exchange.setRouteStop(true);
            }
        };
    }

    /** The actor an earlier {@link #require} step admitted. */
    public static Actor actor(Exchange exchange) {
        Actor actor = exchange.getProperty(ACTOR, Actor.class);
        if (actor == null) {
            throw new IllegalStateException("an API route without its authentication step");
        }
        return actor;
    }

    private Actor admit(Exchange exchange, Access access) {
        // The header is read from the HTTP request itself: platform-http also turns query parameters into message
        // headers, and a credential must never be taken from a URL, where proxies and logs keep it.
        HttpServerRequest request = exchange.getIn() instanceof HttpMessage http ? http.getRequest() : null;
        String address = remoteAddress(request);
        Optional<Duration> wait = throttle.waitFor(address);
        if (wait.isPresent()) {
            throw ApiProblem.of(ReasonCode.RATE_LIMITED, "too many failed sign-ins from this address; try again later")
                    .withRetryAfter(wait.get());
        }
        String header = request == null ? null : request.getHeader("Authorization");
        if ((header == null || header.isBlank()) && request != null && request.getCookie(StaffSessions.COOKIE) != null) {
            return admitSession(exchange, request, access);
        }
        Actor actor;
        try {
            actor = authenticator.authenticate(header);
        } catch (AuthenticationException refusal) {
            // Only a credential that was presented and did not verify is a guess. Asking without one is not, and
            // neither is a genuine token whose delegation was revoked: counting those would let one stale agent on
            // this machine lock everyone on it out.
            if (header != null && !header.isBlank() && refusal.reason() == ReasonCode.NOT_AUTHENTICATED) {
                throttle.failed(address);
            }
            ApiProblem problem = ApiProblem.of(refusal.reason(), refusal.getMessage());
            throw refusal.reason() == ReasonCode.NOT_AUTHENTICATED
                    ? problem.withHeader("WWW-Authenticate", CHALLENGE) : problem;
        } catch (DatabaseUnavailableException down) {
            throw ApiProblem.of(503, ApiProblem.UNAVAILABLE, "the hub's database cannot be reached; try again later");
        }
        if (!access.admits(actor)) {
            recordRefusal(exchange, request, actor);
            throw ApiProblem.of(ReasonCode.FORBIDDEN, "this endpoint is for " + access.description() + "; a "
                    + actor.type().value() + " may not call it");
        }
        return actor;
    }

    /**
     * The cockpit's cookie. An unknown or ended session is not counted as a guess: the id is 256 random bits, and a
     * browser left open across a restart would otherwise spend the whole machine's sign-in allowance on one page load.
     */
    private Actor admitSession(Exchange exchange, HttpServerRequest request, Access access) {
        StaffSessions.Session session = sessions.touch(request.getCookie(StaffSessions.COOKIE).getValue())
                .orElseThrow(() -> ApiProblem.of(ReasonCode.NOT_AUTHENTICATED,
                        "the cockpit session has ended or is unknown; sign in again")
                        .withHeader("WWW-Authenticate", CHALLENGE));
        String method = request.method().name();
        if (!method.equals("GET") && !method.equals("HEAD")
                && !StaffSessions.csrfMatches(session, request.getHeader(StaffSessions.CSRF_HEADER))) {
            LOG.warn("api.csrf_refused", "actorId", session.actor().id(), "path", request.path());
            throw ApiProblem.of(403, CSRF_TOKEN_INVALID, "a change made with the cockpit's session needs its CSRF token "
                    + "in the " + StaffSessions.CSRF_HEADER + " header");
        }
        if (!access.admits(session.actor())) {
            recordRefusal(exchange, request, session.actor());
            throw ApiProblem.of(ReasonCode.FORBIDDEN, "this endpoint is for " + access.description());
        }
        exchange.setProperty(BY_SESSION, true);
        return session.actor();
    }

    /** Whether the admitted actor came from the cockpit's session cookie. */
    public static boolean bySession(Exchange exchange) {
        return Boolean.TRUE.equals(exchange.getProperty(BY_SESSION, Boolean.class));
    }

    private void recordRefusal(Exchange exchange, HttpServerRequest request, Actor actor) {
        String path = request == null ? "?" : request.path();
        Matcher proposal = PROPOSAL_PATH.matcher(path);
        try {
            ledger.append(AuditRecord.of(tenantId, actor.type(), actor.id(), "api.access_refused")
                    .target((request == null ? "?" : request.method().name()) + " " + path)
                    .correlationId(proposal.matches() ? proposal.group(1).toLowerCase(Locale.ROOT) : null)
                    .requestId(JsonApi.requestId(exchange)).approvalState("denied")
                    .meta("reason", ReasonCode.FORBIDDEN.name()).meta("delegationId", actor.delegationId())
                    .build());
        } catch (RuntimeException e) {
            // The refusal stands either way; only its record is missing, and the log says so.
            LOG.warn("api.access_refusal_not_recorded", "actorId", actor.id(), "errorClass", e.getClass().getName());
        }
    }

    private static String remoteAddress(HttpServerRequest request) {
        SocketAddress remote = request == null ? null : request.remoteAddress();
        String host = remote == null ? null : remote.hostAddress();
        return host == null ? "unknown" : host;
    }
}
