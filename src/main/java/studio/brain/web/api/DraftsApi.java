package studio.brain.web.api;

import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import studio.brain.assist.anomaly.OpsScan;
import studio.brain.gate.ProposalDecisions;
import studio.brain.gate.ProposalGate;
import studio.brain.gate.ProposalRequest;
import studio.brain.gate.capability.ReloadableCapabilities;
import studio.brain.hash.CanonicalJson;
import studio.brain.hash.ContentHash;
import studio.brain.ledger.AuditRecord;
import studio.brain.ledger.Ledger;

/**
 * The assistive drafts as staff work on them: {@code GET /api/drafts?kind=ops|finance|marketing&status=} and
 * {@code POST /api/drafts/{id}/review}. A draft is a proposal of a draft-only capability ({@code ops.recommendation},
 * {@code finance.flag}, {@code marketing.draft}); this view speaks the drafts' vocabulary — {@code needs_review},
 * {@code accepted} or {@code approved_for_publish}, {@code dismissed} or (a marketing draft sent back) {@code draft}
 * — and a review is the gate's approve, reject or reopen, recorded with the draft's hash before and after. An ops
 * draft rejected as a false positive also quiets its anomaly rules for their suppression windows.
 */
public final class DraftsApi extends ApiRoutes {
    private static final Map<String, String> CAPABILITIES = Map.of("ops", "ops.recommendation",
            "finance", "finance.flag", "marketing", "marketing.draft");

    static final String CORRECTION = "finance.correction.request";

    private final ProposalGate gate;
    private final ProposalDecisions decisions;
    private final OpsScan opsScan;
    private final ReloadableCapabilities capabilities;
    private final Ledger ledger;
    private final Supplier<DataSource> dataSource;
    private final String tenant;
    private final Clock clock;

    DraftsApi(ApiAuthentication authentication, ProposalGate gate, ProposalDecisions decisions, OpsScan opsScan,
              ReloadableCapabilities capabilities, Ledger ledger, Supplier<DataSource> dataSource, String tenant,
              Clock clock) {
        super(authentication);
        this.gate = gate;
        this.decisions = decisions;
        this.opsScan = opsScan;
        this.capabilities = capabilities;
        this.ledger = ledger;
        this.dataSource = dataSource;
        this.tenant = tenant;
        this.clock = clock;
    }

    @Override
    public void configure() {
        handleApiErrors();
        endpoint("GET", "/api/drafts", Access.STAFF, "api-drafts-list").process(this::list);
        endpoint("POST", "/api/drafts/{id}/review", Access.STAFF, "api-drafts-review").process(this::review);
        endpoint("POST", "/api/drafts/{id}/correction", Access.STAFF, "api-drafts-correction")
                .process(this::correction);
    }

    private void list(Exchange exchange) throws Exception {
        String kind = parameter(exchange, "kind");
        if (kind == null || !CAPABILITIES.containsKey(kind)) {
            throw ApiProblem.badRequest("kind must be ops, finance or marketing");
        }
        String status = proposalStatus(kind, parameter(exchange, "status"));
        ProposalQuery.Filter filter = new ProposalQuery.Filter(status, CAPABILITIES.get(kind), null, null, null, null,
                null, null, limit(exchange, ProposalQuery.DEFAULT_LIMIT));
        try (Connection c = dataSource.get().getConnection()) {
            Map<String, Object> page = ProposalQuery.list(c, tenant, filter, capabilities.current(), clock.instant());
            List<Map<String, Object>> drafts = new ArrayList<>();
            for (Object row : (List<?>) page.get("proposals")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> draft = new LinkedHashMap<>((Map<String, Object>) row);
                draft.put("kind", kind);
                draft.put("draftStatus", draftStatus(kind, String.valueOf(draft.get("status"))));
                drafts.add(draft);
            }
            respond(exchange, 200, Map.of("kind", kind, "drafts", drafts));
        }
    }

    private void review(Exchange exchange) throws Exception {
        UUID id = idParameter(exchange, "draft");
        JsonBody body = JsonBody.of(exchange);
        String decision = body.text("decision", true, 20);
        String rationale = body.prose("rationale");
        Boolean falsePositive = body.bool("falsePositive", false);
        body.check();
        Map<String, Object> before = draft(id);
        String kind = kindOf(String.valueOf(before.get("capabilityId")));
        boolean dismissAsFalsePositive = Boolean.TRUE.equals(falsePositive);
        if (dismissAsFalsePositive && !("ops".equals(kind) && "reject".equals(decision))) {
            throw ApiProblem.of(422, "INVALID_INPUT", "falsePositive goes with rejecting an ops draft");
        }
        if (dismissAsFalsePositive && opsScan == null) {
            throw ApiProblem.of(503, ApiProblem.UNAVAILABLE, "the ops scan is off (policies/anomaly-rules.yaml was "
                    + "refused; see /readyz), so a dismissal cannot be remembered");
        }
        var actor = actor(exchange);
        switch (decision) {
            case "approve" -> decisions.approve(actor, id, rationale, requestId(exchange));
            case "reject" -> decisions.reject(actor, id, rationale, requestId(exchange));
            case "reopen" -> decisions.reopen(actor, id, rationale, requestId(exchange));
            default -> throw ApiProblem.of(422, "INVALID_INPUT", "decision must be approve, reject or reopen");
        }
        if (dismissAsFalsePositive) {
            @SuppressWarnings("unchecked")
            List<String> refs = (List<String>) ((Map<String, Object>) before.get("input")).get("sourceRefs");
            opsScan.dismiss(refs == null ? List.of() : refs, actor.id(), requestId(exchange));
        }
        Map<String, Object> after = draft(id);
        ledger.append(AuditRecord.of(tenant, actor.type(), actor.id(), "draft.reviewed")
                .capability(String.valueOf(after.get("capabilityId"))).correlationId(id.toString())
                .rationale(rationale).requestId(requestId(exchange)).approvalState(String.valueOf(after.get("status")))
                .meta("kind", kind).meta("decision", decision).meta("falsePositive", dismissAsFalsePositive)
                .meta("beforeHash", ContentHash.of(before)).meta("afterHash", ContentHash.of(after)).build());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", id.toString());
        answer.put("kind", kind);
        answer.put("draftStatus", draftStatus(kind, String.valueOf(after.get("status"))));
        answer.put("status", after.get("status"));
        respond(exchange, 200, answer);
    }

    /**
     * A finance flag turned into a request to the portal to correct the order: a {@code finance.correction.request}
     * proposal, which another staff member approves; the portal applies it (the hub never writes the order).
     */
    private void correction(Exchange exchange) throws Exception {
        UUID id = idParameter(exchange, "draft");
        JsonBody body = JsonBody.of(exchange);
        String orderId = body.text("orderId", true, 128);
        String field = body.text("field", true, 40);
        String value = body.text("value", true, 200);
        String rationale = body.prose("rationale");
        body.check();
        Map<String, Object> flag = draft(id);
        if (!"finance".equals(kindOf(String.valueOf(flag.get("capabilityId"))))) {
            throw ApiProblem.of(422, "INVALID_INPUT", "only a finance flag can become a correction request");
        }
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("orderId", orderId);
        input.put("field", field);
        input.put("value", value);
        input.put("flagProposalId", id.toString());
        ProposalGate.Outcome outcome = gate.submit(actor(exchange), new ProposalRequest(CORRECTION, tenant,
                "order:" + orderId, null, CanonicalJson.mapper().valueToTree(input), rationale,
                "set " + field + " of order " + orderId + " to " + value, List.of("draft:" + id), null),
                requestId(exchange));
        if (!outcome.allowed()) {
            throw ApiProblem.of(outcome.reason(), outcome.message());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("proposalId", outcome.proposalId().toString());
        answer.put("status", outcome.status());
        answer.put("duplicate", outcome.duplicate());
        respond(exchange, outcome.duplicate() ? 200 : 202, answer);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> draft(UUID id) throws Exception {
        try (Connection c = dataSource.get().getConnection()) {
            Map<String, Object> found = ProposalQuery.find(c, tenant, id, capabilities.current())
                    .orElseThrow(() -> ApiProblem.notFound("no draft " + id));
            if (kindOf(String.valueOf(found.get("capabilityId"))) == null) {
                throw ApiProblem.notFound("no draft " + id + " (a proposal, but not of a draft capability)");
            }
            // Plain maps and lists all the way down, so the draft hashes the same however it was read.
            return CanonicalJson.mapper().convertValue(found, Map.class);
        }
    }

    private static String kindOf(String capabilityId) {
        return CAPABILITIES.entrySet().stream().filter(e -> e.getValue().equals(capabilityId)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }

    private static String draftStatus(String kind, String proposalStatus) {
        return switch (proposalStatus) {
            case "pending_approval" -> "needs_review";
            case "approved" -> "marketing".equals(kind) ? "approved_for_publish" : "accepted";
            case "rejected" -> "marketing".equals(kind) ? "draft" : "dismissed";
            default -> proposalStatus;
        };
    }

    private static String proposalStatus(String kind, String draftStatus) {
        if (draftStatus == null) {
            return null;
        }
        return switch (draftStatus) {
            case "needs_review" -> "pending_approval";
            case "accepted", "approved_for_publish" -> "approved";
            case "dismissed", "draft" -> "rejected";
            default -> throw ApiProblem.badRequest("status must be needs_review, "
                    + ("marketing".equals(kind) ? "approved_for_publish or draft" : "accepted or dismissed"));
        };
    }
}
