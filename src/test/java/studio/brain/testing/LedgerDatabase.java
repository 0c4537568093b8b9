package studio.brain.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import studio.brain.store.Migrations;

/**
 * A fresh, migrated database with two pools: the owner's (a superuser, as an operator with database access) and the
 * hub's own restricted role, as the running hub uses it.
 */
public final class LedgerDatabase implements AutoCloseable {
    public final HikariDataSource owner;
    public final HikariDataSource hub;

    public LedgerDatabase() {
        String url = TestPostgres.newDatabaseUrl();
        owner = pool(url, null);
        new Migrations(owner).migrate();
        hub = pool(url, "set role studio_brain_app");
    }

    private static HikariDataSource pool(String url, String initSql) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("postgres");
        config.setMaximumPoolSize(12);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        if (initSql != null) {
            config.setConnectionInitSql(initSql);
        }
        return new HikariDataSource(config);
    }

    /** Runs SQL as a superuser with the ledger's triggers switched off: how someone with database access tampers. */
    public void tamper(String... statements) throws SQLException {
        try (Connection c = owner.getConnection(); Statement s = c.createStatement()) {
            s.execute("set session_replication_role = replica");
            for (String sql : statements) {
                s.execute(sql);
            }
            s.execute("set session_replication_role = origin");
        }
    }

    /** A second hub's pool on the same database, as another instance would have. */
    public static final class Second implements AutoCloseable {
        public final HikariDataSource hub;

        public Second(LedgerDatabase first) {
            hub = pool(first.owner.getJdbcUrl(), "set role studio_brain_app");
        }

        @Override
        public void close() {
            hub.close();
        }
    }

    @Override
    public void close() {
        hub.close();
        owner.close();
    }
}
