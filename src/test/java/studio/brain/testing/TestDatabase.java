package studio.brain.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import studio.brain.store.Migrations;

/**
 * A fresh, migrated database with two pools: the owner's (a superuser, as an operator with database access) and the
 * hub's own restricted role, as the running hub uses it.
 */
public final class TestDatabase implements AutoCloseable {
    public final HikariDataSource owner;
    public final HikariDataSource hub;
    private final List<HikariDataSource> extra = new ArrayList<>();

    public TestDatabase() {
        String url = TestPostgres.newDatabaseUrl();
        owner = pool(url, null, "owner");
        new Migrations(owner).migrate();
        hub = pool(url, HUB_ROLE, "hub");
    }

    /** Another pool as the hub's role: what a second hub instance on the same database would have. */
    public HikariDataSource openHubPool(String applicationName) {
        HikariDataSource pool = pool(owner.getJdbcUrl(), HUB_ROLE, applicationName);
        extra.add(pool);
        return pool;
    }

    private static final String HUB_ROLE = "set role studio_brain_app";

    private static HikariDataSource pool(String url, String initSql, String applicationName) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(applicationName);
        config.addDataSourceProperty("ApplicationName", applicationName);
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

    @Override
    public void close() {
        extra.forEach(HikariDataSource::close);
        hub.close();
        owner.close();
    }
}
