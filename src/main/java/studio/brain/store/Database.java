package studio.brain.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import studio.brain.config.HubConfig;
import studio.brain.config.JdbcUrls;
import studio.brain.observability.EventLog;

/**
 * The hub's own PostgreSQL: the server named by {@code STUDIO_BRAIN_DB_URL}, or, with none, an embedded server
 * whose cluster lives under the data dir and survives restarts. Holds the connection pool and stops the
 * embedded server when closed.
 */
public final class Database implements AutoCloseable {
    private static final EventLog LOG = EventLog.of("store");

    static final String APP_ROLE = "studio_brain_app";

    private volatile HikariDataSource dataSource;
    private final EmbeddedPostgres embedded;
    private final String description;
    private final Connect connect;

    /** How to open another pool on the same server (for the switch to the hub's restricted role). */
    private record Connect(String url, String user, String password) {
    }

    private Database(Connect connect, EmbeddedPostgres embedded, String description) {
        this.connect = connect;
        this.dataSource = pool(connect, null);
        this.embedded = embedded;
        this.description = description;
    }

    public static Database open(HubConfig config) {
        long started = System.nanoTime();
        Database database = config.dbUrl()
                .map(url -> new Database(new Connect(url, config.dbUser().orElse(null),
                        config.dbPassword().map(s -> s.reveal()).orElse(null)), null, JdbcUrls.withoutPassword(url)))
                .orElseGet(() -> embedded(config.dataDir().resolve("postgres")));
        LOG.info("database.opened", "database", database.description, "embedded", database.isEmbedded(),
                "durationMs", Duration.ofNanos(System.nanoTime() - started).toMillis());
        return database;
    }

    /**
     * Opens the database the way the hub runs on it: migrated to the newest schema, then working as the hub's
     * restricted role. Returns the head version it migrated to beside the database.
     */
    public static Migrated openMigrated(HubConfig config) {
        Database database = open(config);
        try {
            Migrations migrations = new Migrations(database.dataSource());
            migrations.migrate();
            database.restrictToAppRole();
            return new Migrated(database, migrations.headVersion());
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** An open, migrated database and the schema version it is at. */
    public record Migrated(Database database, String headVersion) {
    }

    private static Database embedded(Path clusterDir) {
        try {
            Files.createDirectories(clusterDir);
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setDataDirectory(clusterDir)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "100")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            String url = server.getJdbcUrl("postgres", "postgres");
            return new Database(new Connect(url, "postgres", null), server, "embedded PostgreSQL in " + clusterDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + clusterDir
                    + " (is another hub using this data dir?)", e);
        }
    }

    /**
     * After migrations, the hub works as {@code studio_brain_app} where that role exists and the login may take it:
     * a role that can read and append to the audit ledger but not change it. Migrations keep the owner's rights.
     */
    public boolean restrictToAppRole() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select exists (select 1 from pg_roles where rolname = '" + APP_ROLE + "') "
                     + "and pg_has_role(current_user, '" + APP_ROLE + "', 'MEMBER')")) {
            if (!rs.next() || !rs.getBoolean(1)) {
                LOG.warn("database.app_role_unavailable", "role", APP_ROLE);
                return false;
            }
        } catch (SQLException e) {
            LOG.warn("database.app_role_unavailable", "role", APP_ROLE, "errorClass", e.getClass().getName());
            return false;
        }
        HikariDataSource owner = dataSource;
        dataSource = pool(connect, "set role " + APP_ROLE);
        owner.close();
        LOG.info("database.app_role", "role", APP_ROLE);
        return true;
    }

    private static HikariDataSource pool(Connect connect, String initSql) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("studio-brain");
        hikari.setJdbcUrl(connect.url());
        hikari.setUsername(connect.user());
        hikari.setPassword(connect.password());
        hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        if (initSql != null) {
            hikari.setConnectionInitSql(initSql);
        }
        hikari.setMaximumPoolSize(16);
        hikari.setMinimumIdle(2);
        // Readiness must answer quickly when the database is gone, so a caller waits at most this long.
        hikari.setConnectionTimeout(3_000);
        hikari.setValidationTimeout(1_000);
        // A pool that cannot connect at start still starts: readiness reports the database as down.
        hikari.setInitializationFailTimeout(-1);
        return new HikariDataSource(hikari);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    public String description() {
        return description;
    }

    @Override
    public void close() {
        dataSource.close();
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                LOG.warn("database.stop_failed", "errorClass", e.getClass().getName());
            }
        }
        LOG.info("database.closed", "database", description);
    }
}
