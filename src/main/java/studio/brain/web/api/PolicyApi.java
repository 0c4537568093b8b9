package studio.brain.web.api;

import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import studio.brain.gate.PolicyControls;
import studio.brain.gate.PolicyState;
import studio.brain.gate.PolicyStore;
import studio.brain.gate.QuotaStore;

/**
 * Staff's policy controls: the kill switch ({@code GET|POST /api/policy/kill-switch}), exemptions from approval
 * ({@code GET|POST /api/policy/exemptions}, {@code POST /api/policy/exemptions/{id}/revoke}) and quota counters
 * ({@code GET /api/policy/quotas}, {@code POST /api/policy/quotas/{bucket}/reset}). Every change goes through
 * {@link PolicyControls}: staff of this studio, a rationale, and a policy event and a ledger event in one transaction.
 */
public final class PolicyApi extends ApiRoutes {
    static final int KILL_SWITCH_HISTORY = 50;

    private final PolicyControls controls;
    private final Supplier<DataSource> dataSource;
    private final String tenantId;
    private final Clock clock;

    PolicyApi(ApiAuthentication authentication, PolicyControls controls, Supplier<DataSource> dataSource,
              String tenantId, Clock clock) {
        super(authentication);
        this.controls = controls;
        this.dataSource = dataSource;
        this.tenantId = tenantId;
        this.clock = clock;
    }

    @Override
    public void configure() {
        handleApiErrors();
        endpoint("GET", "/api/policy/kill-switch", Access.STAFF, "api-policy-kill-switch").process(this::killSwitch);
        endpoint("POST", "/api/policy/kill-switch", Access.STAFF, "api-policy-kill-switch-set")
                .process(this::setKillSwitch);
        endpoint("GET", "/api/policy/exemptions", Access.STAFF, "api-policy-exemptions").process(this::exemptions);
        endpoint("POST", "/api/policy/exemptions", Access.STAFF, "api-policy-exemptions-create")
                .process(this::createExemption);
        endpoint("POST", "/api/policy/exemptions/{id}/revoke", Access.STAFF, "api-policy-exemptions-revoke")
                .process(this::revokeExemption);
        endpoint("GET", "/api/policy/quotas", Access.STAFF, "api-policy-quotas").process(this::quotas);
        endpoint("POST", "/api/policy/quotas/{bucket}/reset", Access.STAFF, "api-policy-quotas-reset")
                .process(this::resetQuota);
    }

    private void killSwitch(Exchange exchange) throws Exception {
        try (Connection c = dataSource.get().getConnection()) {
            Map<String, Object> answer = view(PolicyStore.killSwitch(c, tenantId));
            answer.put("history", PolicyStore.killSwitchHistory(c, tenantId, KILL_SWITCH_HISTORY).stream()
                    .map(PolicyApi::view).toList());
            respond(exchange, 200, answer);
        }
    }

    private void setKillSwitch(Exchange exchange) throws Exception {
        JsonBody body = JsonBody.of(exchange);
        Boolean on = body.bool("on", true);
        String rationale = body.prose("rationale");
        body.check();
        respond(exchange, 200, view(controls.setKillSwitch(actor(exchange), on, rationale, requestId(exchange))));
    }

    private void exemptions(Exchange exchange) throws Exception {
        Instant now = clock.instant();
        try (Connection c = dataSource.get().getConnection()) {
            Set<String> unrevoked = PolicyStore.exemptions(c, tenantId, true).stream()
                    .map(PolicyState.Exemption::id).collect(Collectors.toSet());
            List<Map<String, Object>> all = PolicyStore.exemptions(c, tenantId, false).stream()
                    .map(e -> view(e, !unrevoked.contains(e.id()) ? "revoked"
                            : now.isBefore(e.expiresAt()) ? "live" : "expired"))
                    .toList();
            respond(exchange, 200, Map.of("exemptions", all));
        }
    }

    private void createExemption(Exchange exchange) throws Exception {
        JsonBody body = JsonBody.of(exchange);
        String capabilityId = body.text("capabilityId", true, 100);
        String ownerUid = body.text("ownerUid", false, 128);
        Instant expiresAt = body.instant("expiresAt", true);
        String justification = body.prose("justification");
        body.check();
        PolicyState.Exemption exemption = controls.createExemption(actor(exchange), capabilityId, ownerUid, expiresAt,
                justification, requestId(exchange));
        respond(exchange, 201, view(exemption, "live"));
    }

    private void revokeExemption(Exchange exchange) throws Exception {
        String id = parameter(exchange, "id");
        JsonBody body = JsonBody.of(exchange);
        String rationale = body.prose("rationale");
        body.check();
        PolicyState.Exemption exemption;
        try (Connection c = dataSource.get().getConnection()) {
            exemption = PolicyStore.exemption(c, tenantId, id)
                    .orElseThrow(() -> ApiProblem.notFound("this studio has no exemption " + shorten(id)));
        }
        controls.revokeExemption(actor(exchange), id, rationale, requestId(exchange));
        respond(exchange, 200, view(exemption, "revoked"));
    }

    private void quotas(Exchange exchange) throws Exception {
        try (Connection c = dataSource.get().getConnection()) {
            respond(exchange, 200, Map.of("quotas", QuotaStore.current(c)));
        }
    }

    private void resetQuota(Exchange exchange) throws Exception {
        String bucket = parameter(exchange, "bucket");
        if (bucket == null || bucket.length() > 400) {
            throw ApiProblem.notFound("no such quota bucket");
        }
        JsonBody body = JsonBody.of(exchange);
        String rationale = body.prose("rationale");
        body.check();
        int reset = controls.resetQuota(actor(exchange), bucket, rationale, requestId(exchange));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("bucket", bucket);
        answer.put("windowsReset", reset);
        respond(exchange, 200, answer);
    }

    private static Map<String, Object> view(PolicyStore.KillSwitch position) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("on", position.on());
        view.put("changedBy", position.actorId());
        view.put("rationale", position.rationale());
        view.put("at", position.at() == null ? null : position.at().toString());
        return view;
    }

    private static Map<String, Object> view(PolicyState.Exemption exemption, String status) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", exemption.id());
        view.put("capabilityId", exemption.capabilityId());
        view.put("ownerUid", exemption.ownerUid());
        view.put("expiresAt", exemption.expiresAt().toString());
        view.put("approvedBy", exemption.approvedBy());
        view.put("justification", exemption.justification());
        view.put("status", status);
        return view;
    }
}
