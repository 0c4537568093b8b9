package studio.brain.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import studio.brain.config.HubConfig;
import studio.brain.hash.ContentHash;
import studio.brain.hub.Hub;
import studio.brain.ledger.ActorType;
import studio.brain.ledger.AuditBundle;
import studio.brain.ledger.AuditRecord;
import studio.brain.ledger.LedgerRetention;
import studio.brain.ledger.LedgerStore;
import studio.brain.ledger.LedgerVerifier;
import studio.brain.ledger.SigningKey;
import studio.brain.ledger.VerifyReport;
import studio.brain.store.Database;
import studio.brain.store.Migrations;

/** {@code studio-brain ledger …}: check, export and prune the audit ledger from the command line. */
@Command(name = "ledger", description = "Verify, export and purge the audit ledger.",
        subcommands = {LedgerCommand.Verify.class, LedgerCommand.Export.class, LedgerCommand.VerifyBundle.class,
                LedgerCommand.PublicKey.class, LedgerCommand.Purge.class})
final class LedgerCommand {

    /** Opens the hub's database for a command; the hub itself must not be running on the same embedded data dir. */
    private static Database open(HubConfig config) {
        Database database = Database.open(config);
        new Migrations(database.dataSource()).migrate();
        return database;
    }

    private static void record(Database database, HubConfig config, AuditRecord record) throws Exception {
        try (var c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            LedgerStore.append(c, List.of(record), Clock.systemUTC().instant());
            c.commit();
        }
    }

    private static SigningKey.VerifierKey existingKey(HubConfig config, String given) {
        if (given != null) {
            return SigningKey.VerifierKey.parse(given);
        }
        if (!Files.exists(config.dataDir().resolve(SigningKey.FILE_NAME))) {
            throw new IllegalArgumentException("no ledger key in " + config.dataDir() + "; pass --pubkey with the "
                    + "hub's verifier key (studio-brain ledger pubkey prints it)");
        }
        return Hub.signingKey(config).verifier();
    }

    @Command(name = "verify", description = "Walk the chain and its signed checkpoints; exit 1 naming the first bad seq.")
    static final class Verify implements Callable<Integer> {
        @Option(names = "--from", description = "First seq to check (default: the start, or the purge anchor).")
        long from;

        @Option(names = "--pubkey", description = "Verifier key to trust instead of the data dir's key.")
        String pubkey;

        @Override
        public Integer call() throws Exception {
            Optional<HubConfig> config = ConfigLoading.load(System.err);
            if (config.isEmpty()) {
                return StudioBrain.INVALID_CONFIG;
            }
            SigningKey.VerifierKey key = existingKey(config.get(), pubkey);
            try (Database database = open(config.get())) {
                long total = LedgerVerifier.count(database.dataSource());
                Progress progress = new Progress(System.err, total);
                VerifyReport report = LedgerVerifier.verify(database.dataSource(), key, from, progress::show);
                progress.done();
                record(database, config.get(), AuditRecord.of(config.get().tenantId(), ActorType.SYSTEM, "cli",
                                "ledger.verified")
                        .outputHash(ContentHash.of(report.toMap()))
                        .meta("ok", report.ok()).meta("eventsChecked", report.eventsChecked())
                        .meta("firstBadSeq", report.firstBadSeq()).build());
                System.out.println(report.summary());
                return report.ok() ? StudioBrain.OK : StudioBrain.FAILED;
            }
        }
    }

    @Command(name = "export", description = "Write a bundle (events, manifest, signature) that verifies offline.")
    static final class Export implements Callable<Integer> {
        @Option(names = "--from", defaultValue = "1", description = "First seq (default ${DEFAULT-VALUE}).")
        long from;

        @Option(names = "--to", defaultValue = "9223372036854775807", description = "Last seq (default: the newest).")
        long to;

        @Option(names = "--out", required = true, description = "Folder to write the bundle to.")
        Path out;

        @Override
        public Integer call() throws Exception {
            Optional<HubConfig> config = ConfigLoading.load(System.err);
            if (config.isEmpty()) {
                return StudioBrain.INVALID_CONFIG;
            }
            if (Files.exists(out.resolve(AuditBundle.MANIFEST))) {
                throw new IllegalArgumentException(out + " already holds a bundle; choose an empty folder");
            }
            try (Database database = open(config.get())) {
                AuditBundle.Exported exported = AuditBundle.export(database.dataSource(), Hub.signingKey(config.get()),
                        from, to, out, Instant.now());
                record(database, config.get(), AuditRecord.of(config.get().tenantId(), ActorType.SYSTEM, "cli",
                                "ledger.exported")
                        .meta("from", exported.from()).meta("to", exported.to()).meta("count", exported.count())
                        .meta("lastHash", exported.lastHash()).build());
                System.out.println("Exported events " + exported.from() + ".." + exported.to() + " ("
                        + exported.count() + ") to " + out + "; check it with: studio-brain ledger verify-bundle " + out);
                return StudioBrain.OK;
            }
        }
    }

    @Command(name = "verify-bundle", description = "Check an exported bundle offline, with no database.")
    static final class VerifyBundle implements Callable<Integer> {
        @Parameters(index = "0", description = "The bundle folder.")
        Path dir;

        @Option(names = "--pubkey", description = "The verifier key the bundle must be signed by.")
        String pubkey;

        @Override
        public Integer call() throws Exception {
            SigningKey.VerifierKey trusted = pubkey == null ? null : SigningKey.VerifierKey.parse(pubkey);
            VerifyReport report = AuditBundle.verify(dir, trusted);
            System.out.println(report.summary());
            if (report.ok() && trusted == null) {
                System.out.println("Signed by the key the bundle names; compare it with the hub's "
                        + "(studio-brain ledger pubkey), or pass --pubkey.");
            }
            return report.ok() ? StudioBrain.OK : StudioBrain.FAILED;
        }
    }

    @Command(name = "pubkey", description = "Print the hub's checkpoint verifier key (C2SP signed-note form).")
    static final class PublicKey implements Callable<Integer> {
        @Override
        public Integer call() {
            Optional<HubConfig> config = ConfigLoading.load(System.err);
            if (config.isEmpty()) {
                return StudioBrain.INVALID_CONFIG;
            }
            System.out.println(Hub.signingKey(config.get()).verifier().text());
            return StudioBrain.OK;
        }
    }

    @Command(name = "purge", description = "Remove events older than a date, only up to a signed checkpoint.")
    static final class Purge implements Callable<Integer> {
        @Option(names = "--before", required = true, description = "A date (2026-01-31) or instant; older events may go.")
        String before;

        @Override
        public Integer call() throws Exception {
            Optional<HubConfig> config = ConfigLoading.load(System.err);
            if (config.isEmpty()) {
                return StudioBrain.INVALID_CONFIG;
            }
            Instant cutoff = parseCutoff(before);
            try (Database database = open(config.get())) {
                var result = new LedgerRetention(database::dataSource, Clock.systemUTC(), config.get().tenantId(),
                        java.time.Duration.ofDays(config.get().ledgerRetentionDays())).purgeBefore(cutoff, "cli");
                System.out.println(Boolean.TRUE.equals(result.get("purged"))
                        ? "Purged " + result.get("removed") + " events through seq " + result.get("throughSeq")
                        + "; that checkpoint is now the anchor."
                        : "Nothing purged: no signed checkpoint covers only events before " + before + ".");
                return StudioBrain.OK;
            }
        }

        private static Instant parseCutoff(String text) {
            try {
                return text.contains("T") ? Instant.parse(text) : LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--before must be a date like 2026-01-31 or an instant like "
                        + "2026-01-31T00:00:00Z");
            }
        }
    }

    /** A progress bar on standard error for long verifications. */
    private static final class Progress {
        private final PrintStream out;
        private final long total;
        private boolean shown;

        Progress(PrintStream out, long total) {
            this.out = out;
            this.total = total;
        }

        void show(long done) {
            if (total < 50_000) {
                return;
            }
            int percent = (int) Math.min(100, done * 100 / Math.max(1, total));
            out.print("\r[" + "#".repeat(percent / 5) + " ".repeat(20 - percent / 5) + "] " + percent + "% "
                    + done + "/" + total + " events");
            shown = true;
        }

        void done() {
            if (shown) {
                out.println();
            }
        }
    }
}
