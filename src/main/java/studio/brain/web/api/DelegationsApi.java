package studio.brain.web.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import studio.brain.gate.auth.Delegation;
import studio.brain.gate.auth.DelegationDenial;
import studio.brain.gate.auth.DelegationDenials;
import studio.brain.gate.auth.DelegationService;
import studio.brain.gate.auth.DelegationToken;
import studio.brain.gate.auth.IssuedDelegation;

/**
 * Agent delegations for staff: list and issue ({@code GET|POST /api/delegations}), revoke
 * ({@code POST /api/delegations/{id}/revoke}), mint a fresh short-lived token ({@code POST /api/delegations/{id}/token})
 * and see refused delegation tokens with their traces ({@code GET /api/delegations/traces}). A token's value appears
 * in exactly two answers — issuing and minting, where staff pick it up to hand to the agent — and nowhere else.
 */
public final class DelegationsApi extends ApiRoutes {
    static final int DEFAULT_TRACES = 100;

    private final DelegationService delegations;
    private final String tenantId;
    private final Clock clock;

    DelegationsApi(ApiAuthentication authentication, DelegationService delegations, String tenantId, Clock clock) {
        super(authentication);
        this.delegations = delegations;
        this.tenantId = tenantId;
        this.clock = clock;
    }

    @Override
    public void configure() {
        handleApiErrors();
        endpoint("GET", "/api/delegations", Access.STAFF, "api-delegations").process(this::list);
        endpoint("POST", "/api/delegations", Access.STAFF, "api-delegations-issue").process(this::issue);
        endpoint("POST", "/api/delegations/{id}/revoke", Access.STAFF, "api-delegations-revoke").process(this::revoke);
        endpoint("POST", "/api/delegations/{id}/token", Access.STAFF, "api-delegations-token").process(this::token);
        endpoint("GET", "/api/delegations/traces", Access.STAFF, "api-delegations-traces").process(this::traces);
    }

    private void list(Exchange exchange) throws Exception {
        Instant now = clock.instant();
        respond(exchange, 200, Map.of("delegations", delegations.list(tenantId).stream()
                .map(d -> view(d, now)).toList()));
    }

    private void issue(Exchange exchange) throws Exception {
        JsonBody body = JsonBody.of(exchange);
        String ownerUid = body.text("ownerUid", true, 128);
        String agentUid = body.text("agentUid", true, 128);
        List<String> scopes = body.texts("scopes", true, 100, 200);
        Duration ttl = body.duration("ttl", true);
        body.check();
        IssuedDelegation issued = delegations.issue(actor(exchange), ownerUid, agentUid, new LinkedHashSet<>(scopes),
                ttl);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("delegation", view(issued.delegation(), clock.instant()));
        answer.put("token", view(issued.token()));
        respond(exchange, 201, answer);
    }

    private void revoke(Exchange exchange) throws Exception {
        UUID id = idParameter(exchange, "delegation");
        JsonBody body = JsonBody.of(exchange);
        String reason = body.prose("reason");
        body.check();
        Delegation revoked = delegations.revoke(actor(exchange), id, reason)
                .orElseThrow(() -> ApiProblem.notFound("this studio has no delegation " + id));
        respond(exchange, 200, view(revoked, clock.instant()));
    }

    private void token(Exchange exchange) throws Exception {
        UUID id = idParameter(exchange, "delegation");
        JsonBody.of(exchange).check();
        if (delegations.find(tenantId, id).isEmpty()) {
            throw ApiProblem.notFound("this studio has no delegation " + id);
        }
        respond(exchange, 201, Map.of("token", view(delegations.mintToken(actor(exchange), id))));
    }

    private void traces(Exchange exchange) throws Exception {
        int limit = DEFAULT_TRACES;
        String text = parameter(exchange, "limit");
        if (text != null) {
            try {
                limit = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > DelegationDenials.MAX_LIMIT) {
                throw ApiProblem.badRequest("limit must be from 1 to " + DelegationDenials.MAX_LIMIT);
            }
        }
        respond(exchange, 200, Map.of("denials", delegations.denials().recent(tenantId, limit).stream()
                .map(DelegationsApi::view).toList()));
    }

    private static Map<String, Object> view(Delegation d, Instant now) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", d.id().toString());
        view.put("ownerUid", d.ownerUid());
        view.put("agentUid", d.agentUid());
        view.put("scopes", List.copyOf(d.scopes()));
        view.put("issuedBy", d.issuedBy());
        view.put("issuedAt", d.issuedAt().toString());
        view.put("expiresAt", d.expiresAt().toString());
        view.put("status", d.statusAt(now).name().toLowerCase(Locale.ROOT));
        view.put("revokedAt", d.revokedAt() == null ? null : d.revokedAt().toString());
        view.put("revokedBy", d.revokedBy());
        view.put("revokeReason", d.revokeReason());
        return view;
    }

    /** The one place a token's value leaves the hub: to staff, who hand it to the agent. */
    private static Map<String, Object> view(DelegationToken token) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("value", token.value().reveal());
        view.put("id", token.id());
        view.put("delegationId", token.delegationId().toString());
        view.put("expiresAt", token.expiresAt().toString());
        view.put("use", "Authorization: Delegation <value>");
        return view;
    }

    private static Map<String, Object> view(DelegationDenial denial) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", denial.id());
        view.put("at", denial.at().toString());
        view.put("reason", denial.reason().name());
        view.put("agentUid", denial.agentUid());
        view.put("delegationId", denial.delegationId() == null ? null : denial.delegationId().toString());
        view.put("message", denial.message());
        view.put("trace", denial.trace());
        return view;
    }
}
