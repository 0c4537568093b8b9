package studio.brain.web.api;

import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import com.fasterxml.jackson.databind.JsonNode;
import studio.brain.gate.Actor;
import studio.brain.gate.DryRuns;
import studio.brain.gate.ProposalGate;
import studio.brain.gate.ProposalRollbacks;
import studio.brain.gate.ExecutionService;
import studio.brain.gate.ProposalDecisions;
import studio.brain.gate.ProposalStatus;
import studio.brain.gate.ReasonCode;
import studio.brain.ledger.AuditRecord;
import studio.brain.ledger.Ledger;

/**
 * What staff do with a proposal, always by POST (mail scanners and link previews follow links, so no GET ever
 * decides): approve (the answer carries the single-use execution grant), reject, reopen — each with a rationale —
 * execute with the grant, look at a dry run first (what the action would change, as its connector reads it now), and
 * ask for a rollback (submitted as a new proposal that needs its own approval).
 */
public final class ProposalDecisionsApi extends ApiRoutes {
    private final ProposalDecisions decisions;
    private final ExecutionService execution;
    private final ActionRoutes actions;
    private final DryRuns dryRuns;
    private final ProposalRollbacks rollbacks;
    private final Ledger ledger;
    private final Supplier<DataSource> dataSource;
    private final String tenantId;

    ProposalDecisionsApi(ApiAuthentication authentication, ProposalDecisions decisions, ExecutionService execution,
                         ActionRoutes actions, DryRuns dryRuns, ProposalRollbacks rollbacks, Ledger ledger,
                         Supplier<DataSource> dataSource, String tenantId) {
        super(authentication);
        this.dryRuns = dryRuns;
        this.rollbacks = rollbacks;
        this.decisions = decisions;
        this.execution = execution;
        this.actions = actions;
        this.ledger = ledger;
        this.dataSource = dataSource;
        this.tenantId = tenantId;
    }

    @Override
    public void configure() {
        handleApiErrors();
        endpoint("POST", "/api/proposals/{id}/approve", Access.STAFF, "api-proposals-approve")
                .process(e -> decide(e, ProposalStatus.APPROVED));
        endpoint("POST", "/api/proposals/{id}/reject", Access.STAFF, "api-proposals-reject")
                .process(e -> decide(e, ProposalStatus.REJECTED));
        endpoint("POST", "/api/proposals/{id}/reopen", Access.STAFF, "api-proposals-reopen")
                .process(e -> decide(e, ProposalStatus.PENDING_APPROVAL));
        endpoint("POST", "/api/proposals/{id}/execute", Access.STAFF, "api-proposals-execute").process(this::execute);
        endpoint("POST", "/api/proposals/{id}/dry-run", Access.STAFF, "api-proposals-dry-run")
                .process(this::dryRun);
        endpoint("POST", "/api/proposals/{id}/rollback", Access.STAFF, "api-proposals-rollback")
                .process(this::rollback);
    }

    private void decide(Exchange exchange, ProposalStatus to) throws Exception {
        UUID id = idParameter(exchange, "proposal");
        JsonBody body = JsonBody.of(exchange);
        // The rationale's content is the gate's to judge (RATIONALE_REQUIRED, recorded); here only its type.
        String rationale = body.prose("rationale");
        body.check();
        capabilityOf(id);
        Actor actor = actor(exchange);
        ProposalDecisions.Result result = switch (to) {
            case APPROVED -> decisions.approve(actor, id, rationale, requestId(exchange));
            case REJECTED -> decisions.reject(actor, id, rationale, requestId(exchange));
            default -> decisions.reopen(actor, id, rationale, requestId(exchange));
        };
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("proposalId", result.proposalId().toString());
        answer.put("status", result.status());
        if (result.grant() != null) {
            answer.put("grant", result.grant());
        }
        respond(exchange, 200, answer);
    }

    private void execute(Exchange exchange) throws Exception {
        UUID id = idParameter(exchange, "proposal");
        JsonBody body = JsonBody.of(exchange);
        String grant = body.text("grant", true, 8_192);
        body.check();
        String capability = capabilityOf(id);
        Actor actor = actor(exchange);
        // Checked before the grant is spent: without a route there is nothing to send to, and the proposal stays
        // approved with its grant unused until one exists.
        if (!actions.exists(capability)) {
            ledger.append(AuditRecord.of(tenantId, actor.type(), actor.id(), "proposal.execute_refused")
                    .capability(capability).target(id.toString()).correlationId(id.toString())
                    .requestId(requestId(exchange)).approvalState("denied")
                    .meta("reason", ApiProblem.NO_ACTION_ROUTE).build());
            throw ApiProblem.of(409, ApiProblem.NO_ACTION_ROUTE, "no action route for this capability yet ("
                    + ActionRoutes.endpointOf(capability) + "); the proposal stays approved and its grant unused");
        }
        ExecutionService.Result result = execution.execute(actor, id, grant, actions.sender(), requestId(exchange));
        if (result.reason() != null) {
            throw ApiProblem.of(result.reason(), "the proposal failed before anything was sent: "
                    + (result.reason() == ReasonCode.BLOCKED_BY_POLICY ? "the kill switch went on" : result.reason().name()));
        }
        if (!ProposalStatus.EXECUTED.value().equals(result.status())) {
            throw ApiProblem.of(502, ApiProblem.ACTION_FAILED, "the action route failed; the proposal is "
                    + result.status() + " and will not be retried (the ledger names the error class)");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("proposalId", result.proposalId().toString());
        answer.put("status", result.status());
        answer.put("outputHash", result.outputHash());
        respond(exchange, 200, answer);
    }

    /**
     * Runs the capability's dry-run route ({@code direct:dry-run-<capability>}) on the proposal's input: it reads the
     * resource as it is now and answers what would change. Kept and recorded; medium-risk writes need one first.
     */
    private void dryRun(Exchange exchange) throws Exception {
        UUID id = idParameter(exchange, "proposal");
        String capability = capabilityOf(id);
        if (!actions.dryRunExists(capability)) {
            throw ApiProblem.of(409, ApiProblem.NOT_SUPPORTED, capability + " has no dry run in this hub ("
                    + ActionRoutes.dryRunEndpointOf(capability) + " is not running)");
        }
        String status = statusOf(id);
        if (!ProposalStatus.PENDING_APPROVAL.value().equals(status) && !ProposalStatus.APPROVED.value().equals(status)) {
            throw ApiProblem.of(ReasonCode.ALREADY_DECIDED, "a dry run is for a proposal that has not run yet; this "
                    + "one is " + status);
        }
        Actor actor = actor(exchange);
        JsonNode preview = actions.dryRun(capability, id, inputOf(id));
        String hash = dryRuns.record(actor, id, capability, preview, requestId(exchange));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("proposalId", id.toString());
        answer.put("preview", preview);
        answer.put("previewHash", hash);
        respond(exchange, 200, answer);
    }

    private void rollback(Exchange exchange) throws Exception {
        UUID id = idParameter(exchange, "proposal");
        JsonBody body = JsonBody.of(exchange);
        String rationale = body.prose("rationale");
        body.check();
        String capability = capabilityOf(id);
        if (!rollbacks.supports(capability)) {
            throw ApiProblem.of(409, ApiProblem.NOT_SUPPORTED, capability + " has no rollback in this hub");
        }
        ProposalGate.Outcome outcome = rollbacks.invoke(actor(exchange), id, rationale, requestId(exchange));
        if (!outcome.allowed()) {
            throw ApiProblem.of(outcome.reason(), "the rollback proposal was refused: " + outcome.reason().name());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("proposalId", id.toString());
        answer.put("rollbackProposalId", outcome.proposalId().toString());
        answer.put("status", outcome.status());
        respond(exchange, 202, answer);
    }

    private String statusOf(UUID id) throws Exception {
        try (Connection c = dataSource.get().getConnection()) {
            return ProposalQuery.statusOf(c, tenantId, id).orElseThrow(() -> ApiProblem.notFound("this studio has no proposal " + id));
        }
    }

    private JsonNode inputOf(UUID id) throws Exception {
        try (Connection c = dataSource.get().getConnection()) {
            return ProposalQuery.inputOf(c, tenantId, id).orElseThrow(() -> ApiProblem.notFound("this studio has no proposal " + id));
        }
    }

    /** The proposal's capability; 404 when this studio has no such proposal. */
    private String capabilityOf(UUID id) throws Exception {
        try (Connection c = dataSource.get().getConnection()) {
            return ProposalQuery.capabilityOf(c, tenantId, id)
                    .orElseThrow(() -> ApiProblem.notFound("this studio has no proposal " + id));
        }
    }
}
