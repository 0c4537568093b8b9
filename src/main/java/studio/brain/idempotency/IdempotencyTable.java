package studio.brain.idempotency;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The SQL over {@code idempotency_keys}, on a connection the caller owns (so it can be the caller's transaction).
 * Keys and scopes arrive already validated and canonical. An entry whose {@code expires_at} is not after "now"
 * counts as absent everywhere, whether or not a purge has removed it yet.
 */
final class IdempotencyTable {
    /**
     * Takes a key when it is absent or expired, in one statement: the primary key decides between concurrent
     * callers (also across hub instances), and the update branch only fires for an expired row, re-checked by
     * PostgreSQL on the row's newest version after waiting for a competitor. {@code excluded.created_at} is the
     * caller's "now".
     */
    private static final String CLAIM = """
            insert into idempotency_keys (scope, key, request_hash, response, created_at, expires_at)
            values (?, ?, ?, null, ?, ?)
            on conflict (scope, key) do update
                set request_hash = excluded.request_hash, response = null,
                    created_at = excluded.created_at, expires_at = excluded.expires_at
                where idempotency_keys.expires_at <= excluded.created_at
            """;

    /** A live entry: the hash of the request that took the key and, once completed, its answer. */
    record Entry(String requestHash, String responseJson) {
    }

    private IdempotencyTable() {
    }

    static boolean claim(Connection c, String scope, String key, String requestHash, Instant now, Duration window)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
            ps.setString(1, scope);
            ps.setString(2, key);
            ps.setString(3, requestHash);
            ps.setObject(4, utc(now));
            ps.setObject(5, utc(now.plus(window)));
            return ps.executeUpdate() == 1;
        }
    }

    static Optional<Entry> findLive(Connection c, String scope, String key, Instant now) throws SQLException {
        String sql = "select request_hash, response::text from idempotency_keys "
                + "where scope = ? and key = ? and expires_at > ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, scope);
            ps.setString(2, key);
            ps.setObject(3, utc(now));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Entry(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    /** Removes the entry; true when it was live (removing an expired one changes nothing a caller could see). */
    static boolean delete(Connection c, String scope, String key, Instant now) throws SQLException {
        String sql = "delete from idempotency_keys where scope = ? and key = ? returning expires_at > ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, scope);
            ps.setString(2, key);
            ps.setObject(3, utc(now));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Removes an entry that has no answer yet; a completed one is kept, so its answer can still be replayed. */
    static boolean deleteUnanswered(Connection c, String scope, String key) throws SQLException {
        String sql = "delete from idempotency_keys where scope = ? and key = ? and response is null";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, scope);
            ps.setString(2, key);
            return ps.executeUpdate() == 1;
        }
    }

    /** Stores the answer of a request that took the key; false when there is no unanswered entry to complete. */
    static boolean answer(Connection c, String scope, String key, String canonicalResponseJson) throws SQLException {
        String sql = "update idempotency_keys set response = ?::jsonb "
                + "where scope = ? and key = ? and response is null";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, canonicalResponseJson);
            ps.setString(2, scope);
            ps.setString(3, key);
            return ps.executeUpdate() == 1;
        }
    }

    static int deleteScope(Connection c, String scope) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from idempotency_keys where scope = ?")) {
            ps.setString(1, scope);
            return ps.executeUpdate();
        }
    }

    static int deleteExpired(Connection c, String scope, Instant now) throws SQLException {
        String sql = "delete from idempotency_keys where scope = ? and expires_at <= ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, scope);
            ps.setObject(2, utc(now));
            return ps.executeUpdate();
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
