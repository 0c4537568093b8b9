package studio.brain.gate;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import studio.brain.devices.ConnectorFailure;
import studio.brain.devices.ErrorKind;
import studio.brain.hash.ContentHash;
import studio.brain.ledger.AuditRecord;
import studio.brain.ledger.Ledger;
import studio.brain.ledger.SigningKey;

/**
 * Runs an approved proposal, once: the grant must be this hub's, unexpired, unused and for exactly this proposal
 * and input; policy is checked again at execution time (writes enabled, capability enabled, kill switch, tenant,
 * intake hold, expiry, the proposing agent's delegation, the execution quota, the dry run staff must have seen); the
 * grant is spent, the proposal moves to {@code executing} and an {@code executions} row is written in one
 * transaction; the kill switch is read once more right before sending; the outcome, the output hash and the
 * action's pre and post hashes are recorded. Only staff execute.
 *
 * <p>An action that times out, or answers that it could not confirm its effect, ends as outcome unknown: the
 * proposal fails with {@code OUTCOME_UNKNOWN}, listeners are told (the hub raises a drift proposal), and nothing is
 * ever sent again for it. An execution left open by a crash is closed the same way by {@link #closeInterrupted}.
 */
public final class ExecutionService {
    /** Longest an action may take before an open execution is presumed interrupted. */
    public static final Duration EXECUTION_BUDGET = Duration.ofMinutes(2);

    private final Supplier<DataSource> dataSource;
    private final Clock clock;
    private final Ledger ledger;
    private final SigningKey.VerifierKey grantKey;
    private final CapabilityCatalog catalog;
    private final String tenantId;
    private final boolean writesEnabled;
    private final List<Consumer<UnknownOutcome>> unknownOutcomeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, ActionCheck> actionChecks = new java.util.concurrent.ConcurrentHashMap<>();

    public ExecutionService(Supplier<DataSource> dataSource, Clock clock, Ledger ledger, SigningKey.VerifierKey grantKey,
                            CapabilityCatalog catalog, String tenantId, boolean writesEnabled) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.ledger = ledger;
        this.grantKey = grantKey;
        this.catalog = catalog;
        this.tenantId = tenantId;
        this.writesEnabled = writesEnabled;
    }

    /** The end of an execution: executed (with the output hash) or failed (with the reason). */
    public record Result(UUID proposalId, String status, String outputHash, ReasonCode reason, String resource) {
    }

    /** An execution whose effect nobody could confirm; someone must look at the resource. */
    public record UnknownOutcome(UUID proposalId, String capabilityId, String resource, String why) {
    }

    public void onUnknownOutcome(Consumer<UnknownOutcome> listener) {
        unknownOutcomeListeners.add(listener);
    }

    /**
     * A capability's own policy, checked at execution time with the rest, before the grant is spent: e.g. the
     * Hubitat pilot's device allowlist, which may have changed since the approval. It refuses by throwing a
     * {@link GateException} with its reason code.
     */
    @FunctionalInterface
    public interface ActionCheck {
        void check(JsonNode input, String target);
    }

    public void registerCheck(String capabilityId, ActionCheck check) {
        actionChecks.put(capabilityId, check);
    }

    private record Claimed(UUID proposalId, String capabilityId, String target, JsonNode input, String inputHash,
                           String idempotencyKey, UUID grantId, String approvedBy) {
    }

    public Result execute(Actor actor, UUID proposalId, String grantToken, ActionSender sender, String requestId)
            throws SQLException {
        Claimed claimed;
        try {
            GrantToken grant = GrantToken.verify(grantToken, grantKey);
            claimed = claim(actor, proposalId, grant, requestId);
        } catch (GateException refused) {
            refusal(actor, proposalId, refused.reason(), requestId);
            throw refused;
        }
        // The kill switch overrides everything, including executions already claimed but not yet sent.
        if (killSwitchOn()) {
            return finish(actor, claimed, ProposalStatus.FAILED, ActionOutcome.notSent(), ReasonCode.BLOCKED_BY_POLICY,
                    requestId);
        }
        ActionOutcome outcome;
        try {
            Object output = sender.send(new ActionSender.Execution(claimed.proposalId(), claimed.capabilityId(),
                    tenantId, claimed.target(), claimed.input(), claimed.idempotencyKey(), grantToken,
                    claimed.grantId().toString(), claimed.approvedBy()));
            outcome = ActionOutcome.of(output);
        } catch (Exception e) {
            // Never retried: a write that may have happened must not happen twice.
            outcome = timedOut(e) ? ActionOutcome.unknown(e.getClass().getName()) : ActionOutcome.failed(errorName(e));
        }
        if (outcome.unknown()) {
            Result result = finish(actor, claimed, ProposalStatus.FAILED, outcome, ReasonCode.OUTCOME_UNKNOWN, requestId);
            tellUnknown(new UnknownOutcome(claimed.proposalId(), claimed.capabilityId(), outcome.resource(),
                    outcome.detail()));
            return result;
        }
        return finish(actor, claimed, outcome.failed() ? ProposalStatus.FAILED : ProposalStatus.EXECUTED, outcome,
                null, requestId);
    }

    /**
     * Closes executions left open longer than {@code olderThan} (a crash between the grant being spent and the
     * outcome being written) as outcome unknown. The grant is spent, so nothing can send them again.
     */
    public int closeInterrupted(Duration olderThan) throws SQLException {
        List<UnknownOutcome> closed = new ArrayList<>();
        try (Connection c = dataSource.get().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("select e.proposal_id, e.capability_id, e.resource, "
                    + "p.input_hash, e.idempotency_key, e.grant_id, e.approved_by from executions e "
                    + "join proposals p on p.id = e.proposal_id where e.tenant_id = ? and e.status = 'requested' "
                    + "and e.requested_at <= ? for update of e skip locked")) {
                ps.setString(1, tenantId);
                ps.setTimestamp(2, Timestamp.from(clock.instant().minus(olderThan)));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Claimed claimed = new Claimed(rs.getObject(1, UUID.class), rs.getString(2), null, null,
                                rs.getString(4), rs.getString(5), rs.getObject(6, UUID.class), rs.getString(7));
                        closed.add(new UnknownOutcome(claimed.proposalId(), claimed.capabilityId(), rs.getString(3),
                                "interrupted"));
                        record(c, Actor.system("execution-recovery", tenantId), claimed, ProposalStatus.FAILED,
                                ActionOutcome.unknown("interrupted: the hub stopped before the outcome was known"),
                                ReasonCode.OUTCOME_UNKNOWN, null);
                    }
                }
            }
            c.commit();
        }
        closed.forEach(this::tellUnknown);
        return closed.size();
    }

    private Claimed claim(Actor actor, UUID proposalId, GrantToken grant, String requestId) throws SQLException {
        try (Connection c = dataSource.get().getConnection()) {
            c.setAutoCommit(false);
            try {
                Claimed claimed = claimIn(c, actor, proposalId, grant, requestId);
                c.commit();
                return claimed;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private Claimed claimIn(Connection c, Actor actor, UUID proposalId, GrantToken grant, String requestId)
            throws SQLException {
        if (!actor.isStaff()) {
            throw new GateException(ReasonCode.FORBIDDEN, "only staff execute proposals");
        }
        if (!grant.proposalId().equals(proposalId)) {
            throw new GateException(ReasonCode.GRANT_INVALID, "the grant is for another proposal");
        }
        Instant now = clock.instant();
        if (!now.isBefore(grant.expiresAt())) {
            throw new GateException(ReasonCode.GRANT_INVALID, "the grant expired at " + grant.expiresAt());
        }
        ExecutionChecks.Row row = ExecutionChecks.lockProposal(c, proposalId);
        if (!row.tenant().equals(tenantId) || !actor.tenantId().equals(row.tenant())
                || !grant.tenantId().equals(row.tenant())) {
            throw new GateException(ReasonCode.TENANT_MISMATCH, "the proposal, the grant and the actor must be of "
                    + "this studio");
        }
        if (!grant.inputHash().equals(row.inputHash()) || !grant.capabilityId().equals(row.capability())) {
            throw new GateException(ReasonCode.GRANT_INVALID, "the grant does not match the proposal's input");
        }
        if (!ProposalStatus.APPROVED.value().equals(row.status())) {
            throw new GateException(ReasonCode.NOT_APPROVED, "the proposal is " + row.status() + ", not approved");
        }
        if (!writesEnabled) {
            throw new GateException(ReasonCode.WRITES_DISABLED, "writes are off (anchor mode); an operator enables "
                    + "them with STUDIO_BRAIN_WRITES_ENABLED=true");
        }
        CapabilityRules rules = catalog.rules(row.capability()).orElseThrow(() -> new GateException(
                ReasonCode.UNKNOWN_CAPABILITY, "the capability " + row.capability() + " is no longer in the registry"));
        if (!rules.enabled()) {
            throw new GateException(ReasonCode.CAPABILITY_DISABLED, "the capability " + row.capability()
                    + " was disabled after the approval");
        }
        if (PolicyStore.killSwitch(c, tenantId).on()) {
            throw new GateException(ReasonCode.BLOCKED_BY_POLICY, "the kill switch is on");
        }
        if (PolicyStore.held(c, tenantId, row.workItem())) {
            throw new GateException(ReasonCode.INTAKE_HOLD, "work item " + row.workItem() + " is held for intake review");
        }
        if (row.expires() != null && !now.isBefore(row.expires())) {
            throw new GateException(ReasonCode.PROPOSAL_EXPIRED, "the proposal expired at " + row.expires());
        }
        ExecutionChecks.delegationStillHolds(c, row, now);
        ExecutionChecks.quotaHasRoom(c, tenantId, rules, now);
        ActionCheck own = actionChecks.get(row.capability());
        if (own != null) {
            own.check(ProposalGate.json(row.input()), row.target());
        }
        if (rules.dryRunBeforeExecution() && !DryRuns.seen(c, proposalId)) {
            throw new GateException(ReasonCode.DRY_RUN_REQUIRED, "staff must look at this action's dry run before "
                    + "it runs (POST /api/proposals/" + proposalId + "/dry-run)");
        }
        try (PreparedStatement ps = c.prepareStatement("update grants set used_at = ? where id = ? and proposal_id = ? "
                + "and used_at is null and expires_at > ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setObject(2, grant.grantId());
            ps.setObject(3, proposalId);
            ps.setTimestamp(4, Timestamp.from(now));
            if (ps.executeUpdate() != 1) {
                throw new GateException(ReasonCode.GRANT_INVALID, "the grant was already used, or was never minted");
            }
        }
        String approvedBy = ExecutionChecks.approver(c, proposalId);
        Claimed claimed = new Claimed(proposalId, row.capability(), row.target(), ProposalGate.json(row.input()),
                row.inputHash(), grant.idempotencyKey(), grant.grantId(), approvedBy);
        if (!ExecutionChecks.open(c, claimed.proposalId(), tenantId, claimed.capabilityId(), claimed.idempotencyKey(),
                claimed.grantId(), approvedBy, actor.id(), now)) {
            throw new GateException(ReasonCode.IDEMPOTENCY_CONFLICT, "this idempotency key was already executed");
        }
        transition(c, actor, claimed, ProposalStatus.APPROVED, ProposalStatus.EXECUTING, null, null, requestId, now);
        ledger.append(c, List.of(executionRecord(actor, claimed, "execution.requested", requestId).build()));
        return claimed;
    }

    private boolean killSwitchOn() throws SQLException {
        try (Connection c = dataSource.get().getConnection()) {
            return PolicyStore.killSwitch(c, tenantId).on();
        }
    }

    private Result finish(Actor actor, Claimed claimed, ProposalStatus to, ActionOutcome outcome, ReasonCode reason,
                          String requestId) throws SQLException {
        try (Connection c = dataSource.get().getConnection()) {
            c.setAutoCommit(false);
            record(c, actor, claimed, to, outcome, reason, requestId);
            if (to == ProposalStatus.EXECUTED) {
                Rollbacks.completeIfRollback(c, ledger, actor, claimed.input(), claimed.proposalId(), tenantId,
                        requestId, clock.instant());
            }
            c.commit();
        }
        return new Result(claimed.proposalId(), to.value(), outcome.outputHash(), reason, outcome.resource());
    }

    private void record(Connection c, Actor actor, Claimed claimed, ProposalStatus to, ActionOutcome outcome,
                        ReasonCode reason, String requestId) throws SQLException {
        Instant now = clock.instant();
        String failure = reason != null ? reason.name() : outcome.failed() ? outcome.detail() : null;
        transition(c, actor, claimed, ProposalStatus.EXECUTING, to, outcome.outputHash(), failure, requestId, now);
        String status = to == ProposalStatus.EXECUTED ? "succeeded" : outcome.unknown() ? "unknown" : "failed";
        ExecutionChecks.close(c, claimed.proposalId(), status, outcome, failure, now);
        ledger.append(c, List.of(executionRecord(actor, claimed, to == ProposalStatus.EXECUTED
                        ? "execution.succeeded" : "execution.failed", requestId)
                .outputHash(outcome.outputHash())
                .meta("outcome", status)
                .meta("reason", failure)
                .meta("resource", outcome.resource())
                .meta("preHash", outcome.preHash())
                .meta("postHash", outcome.postHash())
                .build()));
    }

    private AuditRecord.Builder executionRecord(Actor actor, Claimed claimed, String action, String requestId) {
        return AuditRecord.of(tenantId, actor.type(), actor.id(), action)
                .capability(claimed.capabilityId()).target(claimed.proposalId().toString())
                .inputHash(claimed.inputHash()).requestId(requestId).correlationId(claimed.proposalId().toString())
                .meta("proposalId", claimed.proposalId().toString())
                .meta("approvalId", String.valueOf(claimed.grantId()))
                .meta("approvedBy", claimed.approvedBy())
                .meta("idempotencyKey", claimed.idempotencyKey());
    }

    private void transition(Connection c, Actor actor, Claimed claimed, ProposalStatus from, ProposalStatus to,
                            String outputHash, String failure, String requestId, Instant now) throws SQLException {
        ProposalTransitions.move(c, claimed.proposalId(), from, to, now);
        ProposalTransitions.record(c, claimed.proposalId(), from.value(), to.value(), actor, failure, now);
        ledger.append(c, List.of(AuditRecord.of(tenantId, actor.type(), actor.id(), to.ledgerAction())
                .capability(claimed.capabilityId()).target(claimed.proposalId().toString()).approvalState(to.value())
                .inputHash(claimed.inputHash()).outputHash(outputHash).requestId(requestId)
                .correlationId(claimed.proposalId().toString()).meta("failure", failure).build()));
    }

    private void refusal(Actor actor, UUID proposalId, ReasonCode reason, String requestId) throws SQLException {
        try (Connection c = dataSource.get().getConnection()) {
            c.setAutoCommit(false);
            ledger.append(c, List.of(AuditRecord.of(tenantId, actor.type(), actor.id(), "proposal.execute_refused")
                    .target(String.valueOf(proposalId)).correlationId(String.valueOf(proposalId))
                    .requestId(requestId).approvalState("denied").meta("reason", reason.name()).build()));
            c.commit();
        }
    }

    private void tellUnknown(UnknownOutcome outcome) {
        for (Consumer<UnknownOutcome> listener : unknownOutcomeListeners) {
            listener.accept(outcome);
        }
    }

    /** Timeouts by type, wherever in the cause chain: the request may have reached the system. */
    static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectorFailure f && f.kind() == ErrorKind.TIMEOUT
                    || t instanceof TimeoutException || t instanceof SocketTimeoutException
                    || t instanceof HttpTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String errorName(Exception e) {
        return e instanceof ConnectorFailure f ? "connector:" + f.kind().name() : e.getClass().getName();
    }

    static String hashOf(Object output) {
        return ContentHash.of(output == null ? Map.of() : output);
    }
}
