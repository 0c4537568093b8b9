package studio.brain.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.flywaydb.core.api.output.MigrateResult;
import picocli.CommandLine.Command;
import studio.brain.config.HubConfig;
import studio.brain.store.Database;
import studio.brain.store.Migrations;

@Command(name = "migrate", description = "Bring the database schema to the newest version, then exit.")
final class MigrateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        Optional<HubConfig> config = ConfigLoading.load(System.err);
        if (config.isEmpty()) {
            return StudioBrain.INVALID_CONFIG;
        }
        try (Database database = Database.open(config.get())) {
            Migrations migrations = new Migrations(database.dataSource());
            MigrateResult result = migrations.migrate();
            System.err.println("Migrations applied: " + result.migrationsExecuted + "; schema version "
                    + migrations.currentVersion() + " (" + database.description() + ")");
            return StudioBrain.OK;
        }
    }
}
