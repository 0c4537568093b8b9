package studio.brain.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import studio.brain.observability.EventLog;

/** Brings the schema to the newest version at start; applied migrations are never run again. */
public final class Migrations {
    private static final EventLog LOG = EventLog.of("store");

    private final Flyway flyway;
    private volatile String headVersion;

    /** For a pool opened after migrating (the hub's own role): knows the head version it migrated to. */
    public Migrations(DataSource dataSource, String headVersion) {
        this(dataSource);
        this.headVersion = headVersion;
    }

    public Migrations(DataSource dataSource) {
        this.flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .table("schema_migrations")
                .loggers("slf4j")
                .load();
    }

    public MigrateResult migrate() {
        long started = System.nanoTime();
        String before = currentVersion();
        try {
            MigrateResult result = flyway.migrate();
            headVersion = currentVersion();
            LOG.info("migrations.applied", "applied", result.migrationsExecuted, "from", before,
                    "to", currentVersion(), "durationMs", (System.nanoTime() - started) / 1_000_000);
            return result;
        } catch (RuntimeException e) {
            LOG.error("migrations.failed", e, "from", before);
            throw e;
        }
    }

    public String currentVersion() {
        MigrationInfo current = flyway.info().current();
        return current == null ? "none" : current.getVersion().getVersion();
    }

    public boolean atHead() {
        return flyway.info().pending().length == 0;
    }

    /**
     * A cheap check for readiness probes: the newest applied migration is still the one this process migrated
     * to. (Flyway's own info() scans the classpath and costs far more than a probe should.)
     */
    public boolean stillAtHead(Connection connection) throws SQLException {
        if (headVersion == null) {
            return false;
        }
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("select version from schema_migrations where success and version is not null "
                     + "order by installed_rank desc limit 1")) {
            return rs.next() && headVersion.equals(rs.getString(1));
        }
    }

    public String headVersion() {
        return headVersion;
    }
}
