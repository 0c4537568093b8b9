package studio.brain.gate;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import studio.brain.hash.ContentHash;
import studio.brain.ledger.AuditRecord;
import studio.brain.ledger.Ledger;
import studio.brain.ledger.SigningKey;

/**
 * Runs an approved proposal, once: the grant must be this hub's, unexpired, unused and for exactly this proposal
 * and input; policy is checked again at execution time (writes enabled, kill switch, tenant, intake hold, expiry);
 * the grant is spent and the proposal moves to {@code executing} in one transaction; the kill switch is read once
 * more right before sending; the outcome and the output hash are recorded. Only staff execute.
 */
public final class ExecutionService {
    private final Supplier<DataSource> dataSource;
    private final Clock clock;
    private final Ledger ledger;
    private final SigningKey.VerifierKey grantKey;
    private final String tenantId;
    private final boolean writesEnabled;

    public ExecutionService(Supplier<DataSource> dataSource, Clock clock, Ledger ledger, SigningKey.VerifierKey grantKey,
                            String tenantId, boolean writesEnabled) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.ledger = ledger;
        this.grantKey = grantKey;
        this.tenantId = tenantId;
        this.writesEnabled = writesEnabled;
    }

    /** The end of an execution: executed (with the output hash) or failed (with the reason). */
    public record Result(UUID proposalId, String status, String outputHash, ReasonCode reason) {
    }

    private record Claimed(UUID proposalId, String capabilityId, String target, JsonNode input, String inputHash,
                           String idempotencyKey) {
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
            return finish(actor, claimed, ProposalStatus.FAILED, null, ReasonCode.BLOCKED_BY_POLICY, requestId);
        }
        Object output;
        try {
            output = sender.send(new ActionSender.Execution(claimed.proposalId(), claimed.capabilityId(), tenantId,
                    claimed.target(), claimed.input(), claimed.idempotencyKey(), grantToken));
        } catch (Exception e) {
            // Outcome unknown to us: recorded as failed with the error class; never retried blindly.
            return finish(actor, claimed, ProposalStatus.FAILED, null, null, requestId, e.getClass().getName());
        }
        String outputHash = ContentHash.of(output == null ? Map.of() : output);
        return finish(actor, claimed, ProposalStatus.EXECUTED, outputHash, null, requestId);
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
        String status;
        String capability;
        String target;
        String input;
        String inputHash;
        String tenant;
        String workItem;
        Timestamp expires;
        try (PreparedStatement ps = c.prepareStatement("select status, capability_id, target, input::text, input_hash, "
                + "tenant_id, work_item_id, expires_at from proposals where id = ? for update")) {
            ps.setObject(1, proposalId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new GateException(ReasonCode.PROPOSAL_NOT_FOUND, "no proposal " + proposalId);
                }
                status = rs.getString(1);
                capability = rs.getString(2);
                target = rs.getString(3);
                input = rs.getString(4);
                inputHash = rs.getString(5);
                tenant = rs.getString(6);
                workItem = rs.getString(7);
                expires = rs.getTimestamp(8);
            }
        }
        if (!tenant.equals(tenantId) || !actor.tenantId().equals(tenant) || !grant.tenantId().equals(tenant)) {
            throw new GateException(ReasonCode.TENANT_MISMATCH, "the proposal, the grant and the actor must be of "
                    + "this studio");
        }
        if (!grant.inputHash().equals(inputHash) || !grant.capabilityId().equals(capability)) {
            throw new GateException(ReasonCode.GRANT_INVALID, "the grant does not match the proposal's input");
        }
        if (!ProposalStatus.APPROVED.value().equals(status)) {
            throw new GateException(ReasonCode.NOT_APPROVED, "the proposal is " + status + ", not approved");
        }
        if (!writesEnabled) {
            throw new GateException(ReasonCode.WRITES_DISABLED, "writes are off (anchor mode); an operator enables "
                    + "them with STUDIO_BRAIN_WRITES_ENABLED=true");
        }
        if (PolicyStore.killSwitch(c, tenantId).on()) {
            throw new GateException(ReasonCode.BLOCKED_BY_POLICY, "the kill switch is on");
        }
        if (PolicyStore.held(c, tenantId, workItem)) {
            throw new GateException(ReasonCode.INTAKE_HOLD, "work item " + workItem + " is held for intake review");
        }
        if (expires != null && !now.isBefore(expires.toInstant())) {
            throw new GateException(ReasonCode.PROPOSAL_EXPIRED, "the proposal expired at " + expires.toInstant());
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
        transition(c, actor, proposalId, capability, inputHash, ProposalStatus.APPROVED, ProposalStatus.EXECUTING,
                null, null, requestId, now);
        return new Claimed(proposalId, capability, target, ProposalGate.json(input), inputHash, grant.idempotencyKey());
    }

    private boolean killSwitchOn() throws SQLException {
        try (Connection c = dataSource.get().getConnection()) {
            return PolicyStore.killSwitch(c, tenantId).on();
        }
    }

    private Result finish(Actor actor, Claimed claimed, ProposalStatus to, String outputHash, ReasonCode reason,
                          String requestId) throws SQLException {
        return finish(actor, claimed, to, outputHash, reason, requestId, null);
    }

    private Result finish(Actor actor, Claimed claimed, ProposalStatus to, String outputHash, ReasonCode reason,
                          String requestId, String errorClass) throws SQLException {
        try (Connection c = dataSource.get().getConnection()) {
            c.setAutoCommit(false);
            transition(c, actor, claimed.proposalId(), claimed.capabilityId(), claimed.inputHash(),
                    ProposalStatus.EXECUTING, to, outputHash, reason == null ? errorClass : reason.name(), requestId,
                    clock.instant());
            c.commit();
        }
        return new Result(claimed.proposalId(), to.value(), outputHash, reason);
    }

    private void transition(Connection c, Actor actor, UUID proposalId, String capability, String inputHash,
                            ProposalStatus from, ProposalStatus to, String outputHash, String failure,
                            String requestId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update proposals set status = ?, updated_at = ? where id = ? "
                + "and status = ?")) {
            ps.setString(1, to.value());
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setObject(3, proposalId);
            ps.setString(4, from.value());
            if (ps.executeUpdate() != 1) {
                throw new GateException(ReasonCode.ALREADY_DECIDED, "the proposal changed during execution");
            }
        }
        ProposalTransitions.record(c, proposalId, from.value(), to.value(), actor, failure, now);
        ledger.append(c, List.of(AuditRecord.of(tenantId, actor.type(), actor.id(), to.ledgerAction())
                .capability(capability).target(proposalId.toString()).approvalState(to.value())
                .inputHash(inputHash).outputHash(outputHash).requestId(requestId)
                .correlationId(proposalId.toString()).meta("failure", failure).build()));
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
}
