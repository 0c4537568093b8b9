package studio.brain.outbox;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import studio.brain.testing.TestDatabase;

/** A fresh, migrated database of the shared test PostgreSQL, with as many pools ("hub instances") as a test needs. */
final class OutboxDatabase implements AutoCloseable {
    private final TestDatabase db = new TestDatabase();
    private final HikariDataSource main = db.hub;

    DataSource dataSource() {
        return main;
    }

    /** The owner's pool, for what only a superuser may do (ending another session, as a crash would). */
    DataSource ownerDataSource() {
        return db.owner;
    }

    HikariDataSource openPool(String applicationName) {
        return db.openHubPool(applicationName);
    }

    /** The outbox row as columns by name (payload as jsonb text), or an AssertionError when there is none. */
    Map<String, Object> row(UUID id) throws SQLException {
        try (Connection c = main.getConnection();
             PreparedStatement ps = c.prepareStatement("select id, tenant_id, topic, payload::text as payload, status, "
                     + "attempts, next_attempt_at, last_error, created_at, delivered_at from outbox where id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new AssertionError("no outbox row " + id);
                }
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    Object value = rs.getObject(i);
                    if (value instanceof java.sql.Timestamp ts) {
                        value = ts.toInstant();
                    }
                    row.put(rs.getMetaData().getColumnLabel(i), value);
                }
                return row;
            }
        }
    }

    /** Enqueues one message for tenant studio-main in a transaction of its own and commits it. */
    UUID enqueueCommitted(Outbox outbox, String topic, Object payload) throws SQLException {
        try (Connection c = main.getConnection()) {
            c.setAutoCommit(false);
            UUID id = outbox.enqueue(c, "studio-main", topic, payload);
            c.commit();
            return id;
        }
    }

    long count(String whereClause) throws SQLException {
        try (Connection c = main.getConnection();
             PreparedStatement ps = c.prepareStatement("select count(*) from outbox where " + whereClause);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() {
        db.close();
    }
}
