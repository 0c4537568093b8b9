package studio.brain.gate.auth;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import studio.brain.hash.CanonicalJson;
import studio.brain.store.DatabaseUnavailableException;

/**
 * The {@code delegations} table, and the delegation entries of the {@code policy_events} history written in the
 * same transaction as the change they describe.
 */
final class DelegationStore {
    private static final String COLUMNS = "id, tenant_id, owner_uid, agent_uid, scopes, issued_by, issued_at, "
            + "expires_at, revoked_at, revoked_by, revoke_reason";

    private final Supplier<DataSource> dataSource;

    DelegationStore(Supplier<DataSource> dataSource) {
        this.dataSource = dataSource;
    }

    void insert(Delegation d) {
        String sql = "insert into delegations (id, tenant_id, owner_uid, agent_uid, scopes, issued_by, issued_at, "
                + "expires_at) values (?, ?, ?, ?, ?, ?, ?, ?)";
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setObject(1, d.id());
                ps.setString(2, d.tenantId());
                ps.setString(3, d.ownerUid());
                ps.setString(4, d.agentUid());
                ps.setArray(5, c.createArrayOf("text", d.scopes().toArray()));
                ps.setString(6, d.issuedBy());
                ps.setTimestamp(7, Timestamp.from(d.issuedAt()));
                ps.setTimestamp(8, Timestamp.from(d.expiresAt()));
                ps.executeUpdate();
            }
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("delegationId", d.id().toString());
            payload.put("ownerUid", d.ownerUid());
            payload.put("agentUid", d.agentUid());
            payload.put("scopes", List.copyOf(d.scopes()));
            payload.put("expiresAt", d.expiresAt().toString());
            policyEvent(c, d.tenantId(), "delegation.issued", d.id(), payload, d.issuedBy(), null, d.issuedAt());
            return null;
        }, "record delegation " + d.id());
    }

    /** A revocation's outcome: the delegation as it now stands, and whether this call revoked it. */
    record Revocation(Delegation delegation, boolean revokedNow) {
    }

    /**
     * Records the revocation once: empty when the tenant has no such delegation; otherwise the delegation as it now
     * stands (one revoked before keeps its first revocation).
     */
    Optional<Revocation> revoke(String tenantId, UUID id, String revokedBy, String reason, Instant at) {
        String sql = "update delegations set revoked_at = ?, revoked_by = ?, revoke_reason = ? "
                + "where id = ? and tenant_id = ? and revoked_at is null returning " + COLUMNS;
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setTimestamp(1, Timestamp.from(at));
                ps.setString(2, revokedBy);
                ps.setString(3, reason);
                ps.setObject(4, id);
                ps.setString(5, tenantId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        Delegation revoked = read(rs);
                        Map<String, Object> payload = new LinkedHashMap<>();
                        payload.put("delegationId", id.toString());
                        payload.put("agentUid", revoked.agentUid());
                        policyEvent(c, tenantId, "delegation.revoked", id, payload, revokedBy, reason, at);
                        return Optional.of(new Revocation(revoked, true));
                    }
                }
            }
            return find(c, tenantId, id).map(earlier -> new Revocation(earlier, false));
        }, "revoke delegation " + id);
    }

    Optional<Delegation> find(String tenantId, UUID id) {
        return withConnection(c -> find(c, tenantId, id), "read delegation " + id);
    }

    /** By id alone: resolving a token first finds its delegation, then compares tenants. */
    Optional<Delegation> find(UUID id) {
        String sql = "select " + COLUMNS + " from delegations where id = ?";
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setObject(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.<Delegation>empty();
                }
            }
        }, "read delegation " + id);
    }

    List<Delegation> list(String tenantId) {
        String sql = "select " + COLUMNS + " from delegations where tenant_id = ? order by issued_at desc, id";
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, tenantId);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Delegation> all = new ArrayList<>();
                    while (rs.next()) {
                        all.add(read(rs));
                    }
                    return all;
                }
            }
        }, "list delegations");
    }

    private static Optional<Delegation> find(Connection c, String tenantId, UUID id) throws SQLException {
        String sql = "select " + COLUMNS + " from delegations where id = ? and tenant_id = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            ps.setString(2, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static void policyEvent(Connection c, String tenantId, String kind, UUID subject,
                                    Map<String, Object> payload, String actorId, String rationale, Instant at)
            throws SQLException {
        String sql = "insert into policy_events (tenant_id, kind, subject, payload, actor_id, rationale, at) "
                + "values (?, ?, ?, ?::jsonb, ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tenantId);
            ps.setString(2, kind);
            ps.setString(3, subject.toString());
            ps.setString(4, CanonicalJson.of(payload));
            ps.setString(5, actorId);
            ps.setString(6, rationale);
            ps.setTimestamp(7, Timestamp.from(at));
            ps.executeUpdate();
        }
    }

    private static Delegation read(ResultSet rs) throws SQLException {
        Array scopes = rs.getArray("scopes");
        return new Delegation(rs.getObject("id", UUID.class), rs.getString("tenant_id"), rs.getString("owner_uid"),
                rs.getString("agent_uid"), new TreeSet<>(List.of((String[]) scopes.getArray())),
                rs.getString("issued_by"),
                instant(rs, "issued_at"), instant(rs, "expires_at"), instant(rs, "revoked_at"),
                rs.getString("revoked_by"), rs.getString("revoke_reason"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T withConnection(Work<T> work, String what) {
        try (Connection c = dataSource.get().getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("cannot " + what, e);
        }
    }

    private <T> T inTransaction(Work<T> work, String what) {
        try (Connection c = dataSource.get().getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("cannot " + what, e);
        }
    }
}
