package studio.brain.gate.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import studio.brain.gate.ReasonCode;
import studio.brain.observability.EventLog;
import studio.brain.store.DatabaseUnavailableException;

/**
 * The record of refused delegation tokens ({@code delegation_denials}), for staff to see what agents tried and why it
 * failed ({@code GET /api/delegations/traces}). Recording is best effort by design: a refusal stands whether or not
 * its record could be written, and a failure to write is logged instead.
 */
public final class DelegationDenials {
    public static final int MAX_LIMIT = 500;
    private static final int MAX_TEXT = 500;
    private static final int MAX_TRACE_ENTRIES = 50;
    private static final EventLog LOG = EventLog.of("auth");

    private final Supplier<DataSource> dataSource;
    private final Clock clock;

    public DelegationDenials(Supplier<DataSource> dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Records a refusal and logs it; never throws. */
    void record(String tenantId, AuthenticationException refusal, String agentUid, UUID delegationId) {
        LOG.warn("delegation.denied", "reason", refusal.reason().name(),
                "delegationId", delegationId == null ? "" : delegationId.toString(),
                "agentUid", agentUid == null ? "" : agentUid, "message", refusal.getMessage());
        String sql = "insert into delegation_denials (tenant_id, at, reason_code, agent_uid, delegation_id, message, "
                + "trace) values (?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.get().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tenantId);
            ps.setTimestamp(2, Timestamp.from(clock.instant()));
            ps.setString(3, refusal.reason().name());
            ps.setString(4, clip(agentUid));
            ps.setObject(5, delegationId);
            ps.setString(6, clip(refusal.getMessage()));
            List<String> trace = refusal.trace().stream().limit(MAX_TRACE_ENTRIES).map(DelegationDenials::clip)
                    .toList();
            ps.setArray(7, c.createArrayOf("text", trace.toArray()));
            ps.executeUpdate();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("delegation.denial_not_recorded", "reason", refusal.reason().name(),
                    "error", e.getClass().getSimpleName());
        }
    }

    /** The tenant's latest refusals, newest first; {@code limit} is held between 1 and {@value #MAX_LIMIT}. */
    public List<DelegationDenial> recent(String tenantId, int limit) {
        int bounded = Math.max(1, Math.min(MAX_LIMIT, limit));
        String sql = "select id, tenant_id, at, reason_code, agent_uid, delegation_id, message, trace "
                + "from delegation_denials where tenant_id = ? order by at desc, id desc limit ?";
        try (Connection c = dataSource.get().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tenantId);
            ps.setInt(2, bounded);
            try (ResultSet rs = ps.executeQuery()) {
                List<DelegationDenial> denials = new ArrayList<>();
                while (rs.next()) {
                    denials.add(new DelegationDenial(rs.getLong("id"), rs.getString("tenant_id"),
                            rs.getTimestamp("at").toInstant(), ReasonCode.valueOf(rs.getString("reason_code")),
                            rs.getString("agent_uid"), rs.getObject("delegation_id", UUID.class),
                            rs.getString("message"), List.of((String[]) rs.getArray("trace").getArray())));
                }
                return denials;
            }
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("cannot read delegation denials", e);
        }
    }

    private static String clip(String text) {
        if (text == null || text.length() <= MAX_TEXT) {
            return text;
        }
        return text.substring(0, MAX_TEXT) + "…";
    }
}
