package studio.brain.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import studio.brain.config.ConfigLoader;
import studio.brain.config.HubConfig;
import studio.brain.hash.ContentHash;
import studio.brain.ledger.ActorType;
import studio.brain.ledger.AuditRecord;
import studio.brain.ledger.Ledger;
import studio.brain.ledger.LedgerStore;
import studio.brain.ledger.LedgerVerifier;
import studio.brain.ledger.SigningKey;
import studio.brain.ledger.VerifyReport;
import studio.brain.outbox.OutboxRelayBench;
import studio.brain.store.Database;

/**
 * Ledger throughput on an embedded PostgreSQL of its own: appends one transaction per event, appends with group
 * commit from concurrent callers, and verification of everything written. Prints Markdown rows.
 */
@Command(name = "ledger", description = "Ledger append (single and group commit) and verify throughput, and outbox relay throughput.")
final class LedgerBench implements Callable<Integer> {
    @Option(names = "--events", defaultValue = "100000", description = "Events for group commit (default ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--single", defaultValue = "3000", description = "Events appended one per commit (default ${DEFAULT-VALUE}).")
    int single;

    @Option(names = "--relay", defaultValue = "20000", description = "Outbox messages to relay (default ${DEFAULT-VALUE}).")
    int relayMessages;

    @Option(names = "--callers", defaultValue = "8", description = "Concurrent callers (default ${DEFAULT-VALUE}).")
    int callers;

    static AuditRecord sample(int i) {
        return AuditRecord.of("studio-main", ActorType.SYSTEM, "bench", "bench.appended")
                .capability("firestore.ops_note.append").target("batches/" + i)
                .inputHash(ContentHash.of(i)).requestId("req-" + i).meta("n", i).build();
    }

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("ledger-bench");
        HubConfig config = ConfigLoader.load(ConfigLoader.bundledDefaults(),
                java.util.Map.of("STUDIO_BRAIN_DATA_DIR", dir.toString()));
        try (Database database = Database.openMigrated(config).database()) {
            SigningKey key = SigningKey.loadOrCreate(dir, "studio-brain.local/bench");
            System.out.println("| measurement | events | seconds | events/s |");
            System.out.println("|---|---|---|---|");

            long t0 = System.nanoTime();
            for (int i = 0; i < single; i++) {
                try (Connection c = database.dataSource().getConnection()) {
                    c.setAutoCommit(false);
                    LedgerStore.append(c, List.of(sample(i)), Clock.systemUTC().instant());
                    c.commit();
                }
            }
            row("append, one commit per event, 1 caller", single, System.nanoTime() - t0);

            try (Ledger ledger = new Ledger(database::dataSource, Clock.systemUTC(), key, 10_000, Duration.ofMinutes(10))) {
                ExecutorService pool = Executors.newFixedThreadPool(callers);
                Semaphore inFlight = new Semaphore(callers * 64);
                List<CompletableFuture<?>> pending = new ArrayList<>();
                long t1 = System.nanoTime();
                List<Future<?>> workers = new ArrayList<>();
                for (int w = 0; w < callers; w++) {
                    int worker = w;
                    workers.add(pool.submit(() -> {
                        for (int i = worker; i < events; i += callers) {
                            ledger.append(sample(i));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : workers) {
                    f.get();
                }
                row("append, group commit, " + callers + " callers waiting for their commit", events,
                        System.nanoTime() - t1);
                pool.shutdown();
                long t2 = System.nanoTime();
                for (int i = 0; i < events; i++) {
                    inFlight.acquire();
                    pending.add(ledger.appendAsync(sample(i)).whenComplete((e, x) -> inFlight.release()));
                }
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
                row("append, group commit, pipelined (" + callers * 64 + " in flight)", events, System.nanoTime() - t2);
            }

            long total = LedgerVerifier.count(database.dataSource());
            long t3 = System.nanoTime();
            VerifyReport report = LedgerVerifier.verify(database.dataSource(), key.verifier(), 0, n -> { });
            row("verify (chain and checkpoints)" + (report.ok() ? "" : " FAILED"), total, System.nanoTime() - t3);
            System.out.println();
            System.out.println("Outbox relay: " + OutboxRelayBench.run(database.dataSource(), relayMessages));
        }
        return StudioBrain.OK;
    }

    private static void row(String what, long count, long nanos) {
        double seconds = nanos / 1e9;
        System.out.printf("| %s | %d | %.2f | %,.0f |%n", what, count, seconds, count / seconds);
    }
}
