package studio.brain.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import studio.brain.gate.Actor;
import studio.brain.gate.DryRuns;
import studio.brain.gate.ProposalGate;
import studio.brain.gate.ProposalRequest;
import studio.brain.gate.ReasonCode;
import studio.brain.gate.capability.ReloadableCapabilities;
import studio.brain.ledger.AuditQuery;
import studio.brain.ledger.AuditRecord;
import studio.brain.ledger.Ledger;

/**
 * {@code POST /api/proposals} (staff, or an agent on its delegation; honours {@code Idempotency-Key}),
 * {@code GET /api/proposals} (the queue, filtered and paged) and {@code GET /api/proposals/{id}} (one proposal with
 * its transitions and its ledger chain; the view itself is recorded as {@code proposal.viewed}).
 */
public final class ProposalsApi extends ApiRoutes {
    private final ProposalGate gate;
    private final ReloadableCapabilities capabilities;
    private final IdempotentAnswers idempotency;
    private final Ledger ledger;
    private final Supplier<DataSource> dataSource;
    private final String tenantId;
    private final Clock clock;

    ProposalsApi(ApiAuthentication authentication, ProposalGate gate, ReloadableCapabilities capabilities,
                 IdempotentAnswers idempotency, Ledger ledger, Supplier<DataSource> dataSource, String tenantId,
                 Clock clock) {
        super(authentication);
        this.gate = gate;
        this.capabilities = capabilities;
        this.idempotency = idempotency;
        this.ledger = ledger;
        this.dataSource = dataSource;
        this.tenantId = tenantId;
        this.clock = clock;
    }

    @Override
    public void configure() {
        handleApiErrors();
        endpoint("POST", "/api/proposals", Access.STAFF_OR_AGENT, "api-proposals-create").process(this::create);
        endpoint("GET", "/api/proposals", Access.STAFF, "api-proposals-list").process(this::list);
        endpoint("GET", "/api/proposals/{id}", Access.STAFF, "api-proposals-detail").process(this::detail);
    }

    private void create(Exchange exchange) throws Exception {
        Actor actor = actor(exchange);
        JsonBody body = JsonBody.of(exchange);
        ProposalRequest request = new ProposalRequest(body.text("capabilityId", true, 100), tenantId,
                body.text("target", true, 200), body.text("targetOwnerUid", false, 128), body.value("input", true),
                body.prose("rationale"), body.text("preview", false, 2_000), body.texts("sourceRefs", false, 20, 500),
                body.text("workItemId", false, 200));
        body.check();
        String requestId = requestId(exchange);
        idempotency.answerOnce(exchange, actor, IdempotentAnswers.PROPOSALS, body.json(),
                () -> answer(actor, gate.submit(actor, request, requestId), request, requestId));
    }

    /** The gate's outcome as an answer: the proposal's state when allowed, the one error shape when denied. */
    private IdempotentAnswers.Answer answer(Actor actor, ProposalGate.Outcome outcome, ProposalRequest request,
                                            String requestId) {
        if (!outcome.allowed()) {
            ApiProblem problem = ApiProblem.of(outcome.reason(), outcome.message()).withDecisionId(outcome.decisionId());
            if (outcome.retryAfter() != null) {
                problem = problem.withRetryAfter(outcome.retryAfter());
            }
            if (outcome.reason() == ReasonCode.INVALID_INPUT) {
                problem = problem.withFields(inputProblems(request));
            }
            return new IdempotentAnswers.Answer(problem.status(), problem.body(requestId),
                    outcome.reason() != ReasonCode.RATE_LIMITED, problem.headers());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("decisionId", outcome.decisionId().toString());
        answer.put("reason", outcome.reason().name());
        answer.put("proposalId", outcome.proposalId().toString());
        answer.put("status", outcome.status());
        answer.put("duplicate", outcome.duplicate());
        answer.put("message", outcome.message());
        // A live exemption approves at once and mints the grant; only staff execute, so only staff are handed it.
        if (outcome.grant() != null && actor.isStaff()) {
            answer.put("grant", outcome.grant());
        }
        return new IdempotentAnswers.Answer(outcome.reason().httpStatus(), answer, true);
    }

    /** The schema's complaints about the input, each at its place under {@code /input}. */
    private List<FieldProblem> inputProblems(ProposalRequest request) {
        JsonNode input = request.input();
        if (input == null || !input.isObject()) {
            return List.of(new FieldProblem("/input", "must be a JSON object"));
        }
        if (capabilities.current().find(request.capabilityId()).isEmpty()) {
            return List.of();
        }
        return capabilities.current().validateInput(request.capabilityId(), input).stream()
                .map(e -> new FieldProblem("/input" + e.field(), e.message())).toList();
    }

    private void list(Exchange exchange) throws Exception {
        requireThisStudio(parameter(exchange, "tenant"));
        ProposalQuery.Filter filter = ProposalQuery.Filter.parse(name -> parameter(exchange, name));
        try (Connection c = dataSource.get().getConnection()) {
            respond(exchange, 200, ProposalQuery.list(c, tenantId, filter, capabilities.current(), clock.instant()));
        }
    }

    private void detail(Exchange exchange) throws Exception {
        UUID id = idParameter(exchange, "proposal");
        Map<String, Object> answer = new LinkedHashMap<>();
        try (Connection c = dataSource.get().getConnection()) {
            answer.put("proposal", ProposalQuery.find(c, tenantId, id, capabilities.current())
                    .orElseThrow(() -> ApiProblem.notFound("this studio has no proposal " + id)));
            answer.put("transitions", ProposalQuery.transitions(c, id));
            answer.put("dryRun", DryRuns.latest(c, tenantId, id));
        }
        // Its chain: every ledger event that carries the proposal id as correlation id, newest first.
        answer.put("ledger", AuditQuery.list(dataSource.get(), AuditQuery.Filter.parse(Map.of("correlationId",
                id.toString(), "tenant", tenantId, "limit", Integer.toString(AuditQuery.MAX_LIMIT)))));
        Actor actor = actor(exchange);
        @SuppressWarnings("unchecked")
        Map<String, Object> proposal = (Map<String, Object>) answer.get("proposal");
        // Recorded before it is answered: a view that cannot be put on record is not shown.
        ledger.append(AuditRecord.of(tenantId, actor.type(), actor.id(), "proposal.viewed")
                .capability((String) proposal.get("capabilityId")).target(id.toString())
                .correlationId(id.toString()).requestId(requestId(exchange)).build());
        respond(exchange, 200, answer);
    }

    /** The hub serves one studio; asking for another's proposals is refused, not answered with an empty page. */
    private void requireThisStudio(String tenant) {
        if (tenant != null && !tenant.equals(tenantId)) {
            throw ApiProblem.of(ReasonCode.TENANT_MISMATCH, "this hub serves studio " + tenantId + " only");
        }
    }
}
