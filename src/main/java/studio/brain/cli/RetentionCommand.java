package studio.brain.cli;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import studio.brain.config.ConfigKey;
import studio.brain.config.HubConfig;
import studio.brain.gate.capability.PolicyFileException;
import studio.brain.hub.Hub;
import studio.brain.ledger.Ledger;
import studio.brain.ledger.LedgerRetention;
import studio.brain.retention.ClassOutcome;
import studio.brain.retention.DataRetention;
import studio.brain.retention.RetentionPolicyLoader;
import studio.brain.retention.RetentionReport;
import studio.brain.retention.RetentionSettings;
import studio.brain.store.Database;

/**
 * {@code studio-brain retention --dry-run} shows, per data class, the cut-off and how many rows a purge would remove
 * and how many legal holds keep; {@code --apply} purges now, under the same switch as the scheduled purge
 * (STUDIO_BRAIN_RETENTION_CRON), and records it in the ledger. The hub must not be running on the same embedded
 * data dir.
 */
@Command(name = "retention", description = "Show (--dry-run) or run (--apply) the data retention purge of "
        + "policies/retention.yaml.")
final class RetentionCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    static final class Mode {
        @Option(names = "--dry-run", required = true, description = "Show what would go; change and record nothing.")
        boolean dryRun;

        @Option(names = "--apply", required = true, description = "Purge now (only when the purge is on).")
        boolean apply;
    }

    @Override
    public Integer call() throws Exception {
        Optional<HubConfig> loaded = ConfigLoading.load(System.err);
        if (loaded.isEmpty()) {
            return StudioBrain.INVALID_CONFIG;
        }
        HubConfig config = loaded.get();
        RetentionSettings settings;
        try {
            settings = RetentionSettings.of(Optional.ofNullable(System.getenv(ConfigKey.RETENTION_CRON.envName())));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return StudioBrain.INVALID_CONFIG;
        }
        Clock clock = Clock.systemUTC();
        try (Database database = Database.openMigrated(config).database();
             Ledger ledger = new Ledger(database::dataSource, clock, Hub.signingKey(config),
                     config.ledgerCheckpointEvery(), Duration.ofMinutes(config.ledgerCheckpointMinutes()))) {
            Duration window = Duration.ofDays(config.ledgerRetentionDays());
            DataRetention retention = new DataRetention(database::dataSource, clock, ledger, config.tenantId(),
                    config.policiesDir().resolve(RetentionPolicyLoader.FILE_NAME), settings.enabled(),
                    new DataRetention.LedgerSide(config.ledgerPurgeEnabled(), window,
                            new LedgerRetention(database::dataSource, clock, config.tenantId(), window)));
            try {
                if (mode.dryRun) {
                    print(retention.dryRun());
                    return StudioBrain.OK;
                }
                if (!settings.enabled()) {
                    retention.run();
                    System.err.println("Not purged: the retention purge is off. Set " + ConfigKey.RETENTION_CRON.envName()
                            + " to turn it on (the skip is recorded in the ledger).");
                    return StudioBrain.FAILED;
                }
                print(retention.apply());
                return StudioBrain.OK;
            } catch (PolicyFileException e) {
                System.err.println("Nothing purged: " + e.getMessage());
                return StudioBrain.FAILED;
            }
        }
    }

    private static void print(RetentionReport report) {
        System.out.println((report.applied() ? "Retention purge" : "Retention dry run (nothing changed)") + " at "
                + report.at() + ", policy " + report.policyHash().substring(0, 12));
        System.out.printf("%-24s %-7s %-22s %10s %8s  %s%n", "class", "action", "cutoff", report.applied()
                ? "purged" : "would go", "held", "skipped");
        for (ClassOutcome o : report.outcomes()) {
            Map<String, Object> row = o.toMap();
            System.out.printf("%-24s %-7s %-22s %10d %8d  %s%n", o.dataClass().id(), o.action().yamlName(),
                    row.getOrDefault("cutoff", "-"), o.purged(), o.held(), row.getOrDefault("skipped", ""));
        }
    }
}
