package studio.brain.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.config.ConfigLoader;
import studio.brain.config.HubConfig;

class EmbeddedDatabaseTest {

    @Test
    void embeddedPostgresStartsOnAnEmptyDataDirAndKeepsItsDataAcrossRestarts(@TempDir Path dir) throws Exception {
        HubConfig config = ConfigLoader.load(ConfigLoader.bundledDefaults(),
                Map.of("STUDIO_BRAIN_DATA_DIR", dir.resolve("data").toString()));

        try (Database first = Database.open(config)) {
            assertThat(first.isEmbedded()).isTrue();
            Migrations migrations = new Migrations(first.dataSource());
            assertThat(migrations.migrate().migrationsExecuted).isPositive();
            assertThat(migrations.atHead()).isTrue();
            try (Connection c = first.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("insert into job_runs (id, tenant_id, route_id, instance_id, started_at, status) "
                        + "values (gen_random_uuid(), 'studio-main', 'kept', 'test', now(), 'succeeded')");
            }
        }
        assertThat(dir.resolve("data/postgres/PG_VERSION")).exists();

        try (Database second = Database.open(config)) {
            Migrations migrations = new Migrations(second.dataSource());
            assertThat(migrations.migrate().migrationsExecuted).isZero();
            assertThat(migrations.atHead()).isTrue();
            try (Connection c = second.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select count(*) from job_runs where route_id = 'kept'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            long scripts;
            try (var files = java.nio.file.Files.list(Path.of("src/main/resources/db/migration"))) {
                scripts = files.filter(f -> f.getFileName().toString().matches("V\\d+__.+\\.sql")).count();
            }
            try (Connection c = second.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select count(*), count(distinct version) from schema_migrations "
                         + "where success")) {
                rs.next();
                assertThat(rs.getLong(1)).as("each migration applied once").isEqualTo(scripts);
                assertThat(rs.getLong(2)).isEqualTo(scripts);
            }
        }
    }
}
