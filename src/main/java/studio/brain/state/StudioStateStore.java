package studio.brain.state;

import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import studio.brain.hash.CanonicalJson;

/**
 * The derived StudioState tables: one snapshot per tenant and day ({@code studio_state_daily}; a recompute
 * replaces the day and says why), the diff each compute produced ({@code studio_state_diff}) and drift findings
 * ({@code studio_state_drift}). Everything here can be rebuilt from cloud reads and the ledger.
 */
public final class StudioStateStore {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final TypeReference<List<Map<String, Object>>> LIST = new TypeReference<>() {
    };

    private StudioStateStore() {
    }

    /** A stored snapshot with its identity. */
    public record Stored(LocalDate date, Instant generatedAt, String hash, String recomputeNote,
                         Map<String, Object> snapshot) {
    }

    /** Writes the day's snapshot, replacing an earlier one of the same day; the note says why it was recomputed. */
    static void save(Connection c, String tenant, LocalDate date, Map<String, Object> snapshot, String hash,
                     Instant generatedAt, String recomputeNote) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into studio_state_daily (tenant_id, snapshot_date, "
                + "generated_at, schema_version, snapshot, snapshot_hash, recompute_note) values (?, ?, ?, ?, ?::jsonb, ?, ?) "
                + "on conflict (tenant_id, snapshot_date) do update set generated_at = excluded.generated_at, "
                + "schema_version = excluded.schema_version, snapshot = excluded.snapshot, "
                + "snapshot_hash = excluded.snapshot_hash, recompute_note = excluded.recompute_note")) {
            ps.setString(1, tenant);
            ps.setDate(2, Date.valueOf(date));
            ps.setTimestamp(3, Timestamp.from(generatedAt));
            ps.setString(4, StudioSnapshot.SCHEMA_VERSION);
            ps.setString(5, CanonicalJson.of(snapshot));
            ps.setString(6, hash);
            ps.setString(7, recomputeNote);
            ps.executeUpdate();
        }
    }

    static void saveDiff(Connection c, String tenant, LocalDate date, LocalDate previousDate, Instant at,
                         List<Map<String, Object>> changes, String reason) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into studio_state_diff (tenant_id, snapshot_date, "
                + "previous_date, created_at, changes, reason) values (?, ?, ?, ?, ?::jsonb, ?)")) {
            ps.setString(1, tenant);
            ps.setDate(2, Date.valueOf(date));
            ps.setDate(3, previousDate == null ? null : Date.valueOf(previousDate));
            ps.setTimestamp(4, Timestamp.from(at));
            ps.setString(5, CanonicalJson.of(changes));
            ps.setString(6, reason);
            ps.executeUpdate();
        }
    }

    static void saveDrift(Connection c, String tenant, LocalDate date, Instant at, DriftFinding finding)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into studio_state_drift (tenant_id, snapshot_date, "
                + "detected_at, kind, metric, expected, observed, delta, confidence, detail) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, tenant);
            ps.setDate(2, Date.valueOf(date));
            ps.setTimestamp(3, Timestamp.from(at));
            ps.setString(4, finding.kind());
            ps.setString(5, finding.metric());
            ps.setLong(6, finding.expected());
            ps.setLong(7, finding.observed());
            ps.setLong(8, finding.delta());
            ps.setString(9, finding.confidence());
            ps.setString(10, finding.detail());
            ps.executeUpdate();
        }
    }

    /** The latest day and when it was computed, without its snapshot: what freshness checks need, cheaply. */
    public record Stamp(LocalDate date, Instant generatedAt) {
    }

    public static Optional<Stamp> latestStamp(Connection c, String tenant) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select snapshot_date, generated_at from studio_state_daily "
                + "where tenant_id = ? order by snapshot_date desc limit 1")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Stamp(rs.getDate(1).toLocalDate(), rs.getTimestamp(2).toInstant()))
                        : Optional.empty();
            }
        }
    }

    public static Optional<Stored> latest(Connection c, String tenant) throws SQLException {
        return one(c, "select snapshot_date, generated_at, snapshot_hash, recompute_note, snapshot::text "
                + "from studio_state_daily where tenant_id = ? order by snapshot_date desc limit 1", tenant, null);
    }

    /** The stored days, newest first, at most {@code limit}: the history a scan's baselines come from. */
    public static List<Map<String, Object>> history(Connection c, String tenant, int limit) throws SQLException {
        List<Map<String, Object>> snapshots = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select snapshot::text from studio_state_daily "
                + "where tenant_id = ? order by snapshot_date desc limit ?")) {
            ps.setString(1, tenant);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    snapshots.add(CanonicalJson.mapper().readValue(rs.getString(1), MAP));
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new SQLException("a stored snapshot is not JSON", e);
            }
        }
        return snapshots;
    }

    public static Optional<Stored> byDate(Connection c, String tenant, LocalDate date) throws SQLException {
        return one(c, "select snapshot_date, generated_at, snapshot_hash, recompute_note, snapshot::text "
                + "from studio_state_daily where tenant_id = ? and snapshot_date = ?", tenant, date);
    }

    public static List<Map<String, Object>> diffs(Connection c, String tenant, int limit) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select id, snapshot_date, previous_date, created_at, "
                + "changes::text, reason from studio_state_diff where tenant_id = ? order by id desc limit ?")) {
            ps.setString(1, tenant);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", rs.getLong(1));
                    row.put("snapshotDate", rs.getDate(2).toLocalDate().toString());
                    row.put("previousDate", rs.getDate(3) == null ? null : rs.getDate(3).toLocalDate().toString());
                    row.put("createdAt", rs.getTimestamp(4).toInstant().toString());
                    List<Map<String, Object>> changes = CanonicalJson.mapper().readValue(rs.getString(5), LIST);
                    row.put("changedCount", changes.size());
                    row.put("changes", changes);
                    row.put("reason", rs.getString(6));
                    rows.add(row);
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new SQLException("a stored diff is not JSON", e);
            }
        }
        return rows;
    }

    public static List<Map<String, Object>> drift(Connection c, String tenant, int limit) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select id, snapshot_date, detected_at, kind, metric, expected, "
                + "observed, delta, confidence, detail from studio_state_drift where tenant_id = ? "
                + "order by id desc limit ?")) {
            ps.setString(1, tenant);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", rs.getLong(1));
                    row.put("snapshotDate", rs.getDate(2).toLocalDate().toString());
                    row.put("detectedAt", rs.getTimestamp(3).toInstant().toString());
                    row.put("kind", rs.getString(4));
                    row.put("metric", rs.getString(5));
                    row.put("expected", rs.getLong(6));
                    row.put("observed", rs.getLong(7));
                    row.put("delta", rs.getLong(8));
                    row.put("confidence", rs.getString(9));
                    row.put("detail", rs.getString(10));
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static Optional<Stored> one(Connection c, String sql, String tenant, LocalDate date) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tenant);
            if (date != null) {
                ps.setDate(2, Date.valueOf(date));
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Stored(rs.getDate(1).toLocalDate(), rs.getTimestamp(2).toInstant(),
                        rs.getString(3), rs.getString(4), CanonicalJson.mapper().readValue(rs.getString(5), MAP)));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new SQLException("a stored snapshot is not JSON", e);
            }
        }
    }
}
