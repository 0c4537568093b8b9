package studio.brain.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import studio.brain.config.ConfigKey;
import studio.brain.config.HubConfig;
import studio.brain.gate.capability.PolicyFileException;
import studio.brain.hub.Hub;
import studio.brain.ledger.Ledger;
import studio.brain.ledger.LedgerRetention;
import studio.brain.retention.ClassOutcome;
import studio.brain.retention.DataClass;
import studio.brain.retention.LegalHold;
import studio.brain.retention.LegalHolds;
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
        + "policies/retention.yaml; place, release and list legal holds.",
        subcommands = {RetentionCommand.Hold.class, RetentionCommand.Release.class, RetentionCommand.Holds.class})
final class RetentionCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "0..1")
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
        if (mode == null) {
            System.err.println("Say --dry-run or --apply (or a subcommand: hold, release, holds).");
            return StudioBrain.INVALID_CONFIG;
        }
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

    /** The holds of the configured studio, through the hub's own database and ledger. */
    private static <T> T withHolds(HubConfig config, HoldWork<T> work) throws Exception {
        Clock clock = Clock.systemUTC();
        try (Database database = Database.openMigrated(config).database();
             Ledger ledger = new Ledger(database::dataSource, clock, Hub.signingKey(config),
                     config.ledgerCheckpointEvery(), Duration.ofMinutes(config.ledgerCheckpointMinutes()))) {
            return work.run(new LegalHolds(database::dataSource, clock, ledger, config.tenantId()));
        }
    }

    @FunctionalInterface
    private interface HoldWork<T> {
        T run(LegalHolds holds) throws Exception;
    }

    @Command(name = "hold", description = "Place a legal hold: the purge then keeps what it names.")
    static final class Hold implements Callable<Integer> {
        @Option(names = "--proposal", description = "A proposal or draft id.")
        UUID proposal;

        @Option(names = "--intake-item", description = "An intake item id.")
        UUID intakeItem;

        @Option(names = "--from", description = "With --until: the start of a date range (2026-01-31 or an instant).")
        String from;

        @Option(names = "--until", description = "The end (exclusive) of the date range.")
        String until;

        @Option(names = "--class", description = "A data class: the whole class, or with --from/--until the range's.")
        String dataClass;

        @Option(names = "--reason", required = true, description = "Why (case, request), recorded in the ledger.")
        String reason;

        @Option(names = "--by", required = true, description = "Who places it.")
        String by;

        @Override
        public Integer call() throws Exception {
            Optional<HubConfig> config = ConfigLoading.load(System.err);
            if (config.isEmpty()) {
                return StudioBrain.INVALID_CONFIG;
            }
            LegalHold.Request request;
            try {
                request = request();
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return StudioBrain.INVALID_CONFIG;
            }
            LegalHold hold = withHolds(config.get(), holds -> holds.place(request, reason, by));
            System.out.println("Placed legal hold " + hold.id() + " (" + hold.scope().value() + ").");
            return StudioBrain.OK;
        }

        private LegalHold.Request request() {
            Optional<DataClass> named = Optional.ofNullable(dataClass).map(id -> DataClass.byId(id).orElseThrow(() ->
                    new IllegalArgumentException("--class must be one of " + Arrays.stream(DataClass.values())
                            .map(DataClass::id).toList())));
            int kinds = (proposal != null ? 1 : 0) + (intakeItem != null ? 1 : 0) + (from != null || until != null ? 1 : 0);
            if (kinds > 1 || kinds == 0 && named.isEmpty()) {
                throw new IllegalArgumentException("name one thing to hold: --proposal, --intake-item, --from/--until "
                        + "(optionally with --class), or --class");
            }
            if (proposal != null) {
                return LegalHold.Request.proposal(proposal);
            }
            if (intakeItem != null) {
                return LegalHold.Request.intakeItem(intakeItem);
            }
            if (from != null || until != null) {
                if (from == null || until == null) {
                    throw new IllegalArgumentException("a date range needs both --from and --until");
                }
                return LegalHold.Request.dateRange(instant(from), instant(until), named.orElse(null));
            }
            return LegalHold.Request.dataClass(named.get());
        }

        private static Instant instant(String text) {
            try {
                return text.contains("T") ? Instant.parse(text)
                        : LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("a date reads 2026-01-31 or 2026-01-31T00:00:00Z, got '" + text + "'");
            }
        }
    }

    @Command(name = "release", description = "Release a legal hold (it stays on record).")
    static final class Release implements Callable<Integer> {
        @Parameters(index = "0", description = "The hold's id.")
        UUID id;

        @Option(names = "--reason", required = true, description = "Why it ends.")
        String reason;

        @Option(names = "--by", required = true, description = "Who releases it.")
        String by;

        @Override
        public Integer call() throws Exception {
            Optional<HubConfig> config = ConfigLoading.load(System.err);
            if (config.isEmpty()) {
                return StudioBrain.INVALID_CONFIG;
            }
            if (!withHolds(config.get(), holds -> holds.release(id, reason, by))) {
                System.err.println("No active legal hold " + id + ".");
                return StudioBrain.FAILED;
            }
            System.out.println("Released legal hold " + id + ".");
            return StudioBrain.OK;
        }
    }

    @Command(name = "holds", description = "List the active legal holds.")
    static final class Holds implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            Optional<HubConfig> config = ConfigLoading.load(System.err);
            if (config.isEmpty()) {
                return StudioBrain.INVALID_CONFIG;
            }
            List<LegalHold> active = withHolds(config.get(), LegalHolds::active);
            for (LegalHold h : active) {
                System.out.println(h.id() + "  " + h.scope().value() + "  "
                        + h.subject().orElse(h.dataClass().map(DataClass::id).orElse("all classes"))
                        + h.from().map(f -> "  from " + f).orElse("") + h.until().map(u -> " until " + u).orElse("")
                        + "  by " + h.placedBy() + " at " + h.placedAt() + ": " + h.reason());
            }
            System.out.println(active.size() + (active.size() == 1 ? " active hold." : " active holds."));
            return StudioBrain.OK;
        }
    }
}
