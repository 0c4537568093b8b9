package studio.brain.outbox;

import com.zaxxer.hikari.HikariConfig;
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
import studio.brain.store.Migrations;
import studio.brain.testing.TestPostgres;

/** A fresh, migrated database of the shared test PostgreSQL, with as many pools ("hub instances") as a test needs. */
final class OutboxDatabase implements AutoCloseable {
    private final String url;
    private final List<HikariDataSource> pools = new ArrayList<>();
    private final HikariDataSource main;

    OutboxDatabase() {
        this.url = TestPostgres.newDatabaseUrl();
        this.main = openPool("outbox-test");
        new Migrations(main).migrate();
    }

    DataSource dataSource() {
        return main;
    }

    /** Another pool on the same database, as a second hub instance would have; named for pg_stat_activity. */
    HikariDataSource openPool(String applicationName) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("postgres");
        config.setMaximumPoolSize(6);
        config.setPoolName(applicationName);
        config.addDataSourceProperty("ApplicationName", applicationName);
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
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
        pools.forEach(HikariDataSource::close);
    }
}
