package studio.brain.gate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/** The database side of an execution: the proposal locked for the claim, the re-checks, the executions row. */
final class ExecutionChecks {
    private ExecutionChecks() {
    }

    record Row(String status, String capability, String target, String input, String inputHash, String tenant,
               String workItem, Instant expires, String requestedByType, String delegationId) {
    }

    static Row lockProposal(Connection c, UUID proposalId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select status, capability_id, target, input::text, input_hash, "
                + "tenant_id, work_item_id, expires_at, requested_by_type, requested_by->>'delegationId' "
                + "from proposals where id = ? for update")) {
            ps.setObject(1, proposalId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new GateException(ReasonCode.PROPOSAL_NOT_FOUND, "no proposal " + proposalId);
                }
                Timestamp expires = rs.getTimestamp(8);
                return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), expires == null ? null : expires.toInstant(),
                        rs.getString(9), rs.getString(10));
            }
        }
    }

    /** An agent's proposal runs only while the delegation it was made under still holds. */
    static void delegationStillHolds(Connection c, Row row, Instant now) throws SQLException {
        if (!"agent".equals(row.requestedByType())) {
            return;
        }
        // FOR SHARE: a revocation committing while this claim is in flight waits for it, or this claim sees it; an
        // execution can never commit after the revocation that should have stopped it (the drill proved the race).
        try (PreparedStatement ps = c.prepareStatement("select revoked_at, expires_at from delegations "
                + "where id = ?::uuid and tenant_id = ? for share")) {
            ps.setString(1, row.delegationId());
            ps.setString(2, row.tenant());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getTimestamp(1) != null) {
                    throw new GateException(ReasonCode.DELEGATION_REVOKED, "the delegation the agent proposed under "
                            + "was revoked after the approval");
                }
                if (!now.isBefore(rs.getTimestamp(2).toInstant())) {
                    throw new GateException(ReasonCode.DELEGATION_EXPIRED, "the delegation the agent proposed under "
                            + "has expired");
                }
            }
        }
    }

    /**
     * The capability's per-capability and per-tenant limits also bound executions in their window, so a burst of
     * approvals cannot turn into a burst of writes.
     */
    static void quotaHasRoom(Connection c, String tenantId, CapabilityRules rules, Instant now) throws SQLException {
        for (CapabilityRules.QuotaLimit limit : rules.limits()) {
            if (limit.scope() != CapabilityRules.QuotaLimit.Scope.CAPABILITY
                    && limit.scope() != CapabilityRules.QuotaLimit.Scope.TENANT) {
                continue;
            }
            try (PreparedStatement ps = c.prepareStatement("select count(*) from executions where tenant_id = ? "
                    + "and capability_id = ? and requested_at > ?")) {
                ps.setString(1, tenantId);
                ps.setString(2, rules.id());
                ps.setTimestamp(3, Timestamp.from(now.minus(limit.window())));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) >= limit.max()) {
                        throw new GateException(ReasonCode.RATE_LIMITED, "at most " + limit.max() + " executions of "
                                + rules.id() + " per " + limit.window());
                    }
                }
            }
        }
    }

    /** Who approved the proposal (its latest approval). */
    static String approver(Connection c, UUID proposalId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select actor_id from proposal_transitions where proposal_id = ? "
                + "and to_status = 'approved' order by id desc limit 1")) {
            ps.setObject(1, proposalId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Opens the execution; false when its idempotency key was already used. */
    static boolean open(Connection c, UUID proposalId, String tenantId, String capabilityId, String idempotencyKey,
                        UUID grantId, String approvedBy, String executedBy, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into executions (proposal_id, tenant_id, capability_id, "
                + "idempotency_key, grant_id, approved_by, executed_by, status, requested_at) "
                + "values (?, ?, ?, ?, ?, ?, ?, 'requested', ?) on conflict do nothing")) {
            ps.setObject(1, proposalId);
            ps.setString(2, tenantId);
            ps.setString(3, capabilityId);
            ps.setString(4, idempotencyKey);
            ps.setObject(5, grantId);
            ps.setString(6, approvedBy);
            ps.setString(7, executedBy);
            ps.setTimestamp(8, Timestamp.from(now));
            return ps.executeUpdate() == 1;
        }
    }

    static void close(Connection c, UUID proposalId, String status, ActionOutcome outcome, String reason, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update executions set status = ?, finished_at = ?, "
                + "resource = ?, pre_hash = ?, post_hash = ?, output_hash = ?, reason = ? where proposal_id = ?")) {
            ps.setString(1, status);
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setString(3, outcome.resource());
            ps.setString(4, outcome.preHash());
            ps.setString(5, outcome.postHash());
            ps.setString(6, outcome.outputHash());
            ps.setString(7, reason);
            ps.setObject(8, proposalId);
            ps.executeUpdate();
        }
    }
}
