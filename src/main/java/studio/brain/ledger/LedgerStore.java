package studio.brain.ledger;

import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import studio.brain.hash.CanonicalJson;

/**
 * SQL for the ledger tables. Appends take a transaction-scoped advisory lock first, so that every appender — in
 * this process or in another hub on the same database — extends the same head and the chain never forks.
 */
public final class LedgerStore {
    /** Arbitrary, fixed: the advisory lock that serializes ledger appends across hub instances. */
    private static final long APPEND_LOCK = 0x5354_5544_494F_4C47L;
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    static final String COLUMNS = "seq, tenant_id, at, actor_type, actor_id, action, capability_id, target, rationale, "
            + "approval_state, input_hash, output_hash, request_id, correlation_id, metadata::text, hash_version, "
            + "prev_hash, hash";

    /** The chain head an append extends: the last event, or the purge anchor, or genesis. */
    public record Head(long seq, String hash) {
    }

    private LedgerStore() {
    }

    /**
     * Appends records in the caller's transaction (the connection must not be in auto-commit). The advisory lock
     * is held until that transaction ends, so concurrent appenders queue behind it.
     */
    public static List<LedgerEvent> append(Connection c, List<AuditRecord> records, Instant now) throws SQLException {
        if (c.getAutoCommit()) {
            throw new IllegalStateException("ledger appends must run inside a transaction");
        }
        try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(?)")) {
            lock.setLong(1, APPEND_LOCK);
            lock.execute();
        }
        Head head = head(c);
        Instant at = ChainHash.ledgerTime(now);
        List<LedgerEvent> events = new ArrayList<>(records.size());
        long seq = head.seq();
        String prev = head.hash();
        for (AuditRecord record : records) {
            LedgerEvent unhashed = new LedgerEvent(++seq, at, record, ChainHash.VERSION, prev, null);
            String hash = ChainHash.compute(unhashed);
            events.add(new LedgerEvent(unhashed.seq(), at, record, ChainHash.VERSION, prev, hash));
            prev = hash;
        }
        insert(c, events);
        return events;
    }

    private static void insert(Connection c, List<LedgerEvent> events) throws SQLException {
        String sql = "insert into audit_events (seq, tenant_id, at, actor_type, actor_id, action, capability_id, target, "
                + "rationale, approval_state, input_hash, output_hash, request_id, correlation_id, metadata, "
                + "hash_version, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (LedgerEvent e : events) {
                AuditRecord r = e.record();
                ps.setLong(1, e.seq());
                ps.setString(2, r.tenantId());
                ps.setTimestamp(3, Timestamp.from(e.at()));
                ps.setString(4, r.actorType().value());
                ps.setString(5, r.actorId());
                ps.setString(6, r.action());
                ps.setString(7, r.capabilityId());
                ps.setString(8, r.target());
                ps.setString(9, r.rationale());
                ps.setString(10, r.approvalState());
                ps.setString(11, r.inputHash());
                ps.setString(12, r.outputHash());
                ps.setString(13, r.requestId());
                ps.setString(14, r.correlationId());
                ps.setString(15, CanonicalJson.of(r.metadata()));
                ps.setInt(16, e.hashVersion());
                ps.setString(17, e.prevHash());
                ps.setString(18, e.hash());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public static Head head(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select seq, hash from audit_events order by seq desc limit 1")) {
            if (rs.next()) {
                return new Head(rs.getLong(1), rs.getString(2));
            }
        }
        return anchor(c).orElse(new Head(0, ChainHash.GENESIS));
    }

    public static Optional<Head> anchor(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select seq, hash from ledger_anchor where id = 1")) {
            return rs.next() ? Optional.of(new Head(rs.getLong(1), rs.getString(2))) : Optional.empty();
        }
    }

    /** Streams events with seq in [from, to] in order; the connection is used without auto-commit for a cursor. */
    public static void stream(Connection c, long from, long to, Consumer<LedgerEvent> sink) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from audit_events "
                + "where seq >= ? and seq <= ? order by seq")) {
            ps.setFetchSize(5_000);
            ps.setLong(1, from);
            ps.setLong(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(read(rs));
                }
            }
        } finally {
            c.commit();
            c.setAutoCommit(autoCommit);
        }
    }

    /** A row as verification needs it: the event with its metadata still as canonical JSON text. */
    record VerifyRow(LedgerEvent event, String metadataCanonical, RuntimeException unreadable) {
    }

    /**
     * Streams rows for verification in batches, reading metadata as text and canonicalizing it directly (no Java
     * object in between): verification touches every event and must be fast.
     */
    static void streamForVerify(Connection c, long from, int batchSize, Consumer<List<VerifyRow>> sink)
            throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from audit_events where seq >= ? "
                + "order by seq")) {
            ps.setFetchSize(batchSize);
            ps.setLong(1, from);
            List<VerifyRow> batch = new ArrayList<>(batchSize);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    batch.add(verifyRow(rs));
                    if (batch.size() == batchSize) {
                        sink.accept(batch);
                        batch = new ArrayList<>(batchSize);
                    }
                }
            }
            if (!batch.isEmpty()) {
                sink.accept(batch);
            }
        } finally {
            c.commit();
            c.setAutoCommit(autoCommit);
        }
    }

    private static VerifyRow verifyRow(ResultSet rs) throws SQLException {
        long seq = rs.getLong(1);
        try {
            String metadata = rs.getString(15);
            String canonical = "{}".equals(metadata) ? "{}" : CanonicalJson.of(new CanonicalJson.Json(metadata));
            AuditRecord record = new AuditRecord(rs.getString(2), ActorType.parse(rs.getString(4)), rs.getString(5),
                    rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                    rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14), Map.of());
            LedgerEvent event = new LedgerEvent(seq, rs.getTimestamp(3).toInstant(), record, rs.getInt(16),
                    rs.getString(17), rs.getString(18));
            return new VerifyRow(event, canonical, null);
        } catch (RuntimeException e) {
            return new VerifyRow(null, null, new UnreadableEventException(seq, e));
        }
    }

    static LedgerEvent read(ResultSet rs) throws SQLException {
        Map<String, Object> metadata;
        try {
            metadata = CanonicalJson.mapper().readValue(rs.getString(15), MAP);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UnreadableEventException(rs.getLong(1), e);
        }
        AuditRecord record;
        try {
            record = new AuditRecord(rs.getString(2), ActorType.parse(rs.getString(4)), rs.getString(5),
                    rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                    rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14), metadata);
        } catch (RuntimeException e) {
            throw new UnreadableEventException(rs.getLong(1), e);
        }
        return new LedgerEvent(rs.getLong(1), rs.getTimestamp(3).toInstant(), record, rs.getInt(16),
                rs.getString(17), rs.getString(18));
    }
}
