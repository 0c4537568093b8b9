package studio.brain.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import studio.brain.config.ConfigLoader;
import studio.brain.config.HubConfig;
import studio.brain.gate.Actor;
import studio.brain.gate.CapabilityRules;
import studio.brain.gate.Decision;
import studio.brain.gate.DecisionEngine;
import studio.brain.gate.PolicyState;
import studio.brain.gate.ProposalGate;
import studio.brain.gate.ProposalRequest;
import studio.brain.gate.RegistryCatalog;
import studio.brain.gate.capability.ReloadableCapabilities;
import studio.brain.ledger.Ledger;
import studio.brain.ledger.SigningKey;
import studio.brain.outbox.Outbox;
import studio.brain.store.Database;

/**
 * The gate's cost: the pure decision (latency percentiles over single calls, after warm-up) and the whole gate —
 * dedupe, decision, proposal, ledger event and outbox message in one transaction — from concurrent callers on an
 * embedded PostgreSQL of its own.
 */
@Command(name = "gate", description = "Decision latency and end-to-end gate throughput.")
final class GateBench implements Callable<Integer> {
    @Option(names = "--decisions", defaultValue = "2000000", description = "Decisions measured (default ${DEFAULT-VALUE}).")
    int decisions;

    @Option(names = "--proposals", defaultValue = "10000", description = "Proposals through the gate (default ${DEFAULT-VALUE}).")
    int proposals;

    @Option(names = "--callers", defaultValue = "8", description = "Concurrent callers (default ${DEFAULT-VALUE}).")
    int callers;

    @Override
    public Integer call() throws Exception {
        decisionLatency();
        gateThroughput();
        return StudioBrain.OK;
    }

    private void decisionLatency() {
        CapabilityRules rules = new CapabilityRules("firestore.ops_note.append", true, true, true, true);
        Actor actor = Actor.staff("mara", "studio-main", Set.of("staff"));
        ProposalRequest request = new ProposalRequest(rules.id(), "studio-main", "studioOpsNotes", null, null,
                "Kiln 2 needs a shelf check", null, List.of(), null);
        PolicyState state = new PolicyState("studio-main", false, false, List.of(), Set.of(), Optional.empty());
        Instant now = Instant.now();
        long sink = 0;
        for (int i = 0; i < decisions; i++) {
            sink += DecisionEngine.decide(rules, actor, request, state, now, "propose").trace().size();
        }
        long[] samples = new long[decisions];
        for (int i = 0; i < decisions; i++) {
            long t = System.nanoTime();
            Decision d = DecisionEngine.decide(rules, actor, request, state, now, "propose");
            samples[i] = System.nanoTime() - t;
            sink += d.trace().size();
        }
        long[] empty = new long[decisions];
        for (int i = 0; i < decisions; i++) {
            long t = System.nanoTime();
            empty[i] = System.nanoTime() - t;
        }
        Arrays.sort(samples);
        Arrays.sort(empty);
        System.out.printf("| decision (pure), %d calls | p50 %d ns | p99 %d ns | timer alone: p50 %d ns, p99 %d ns | (%d)%n",
                decisions, samples[decisions / 2], samples[(int) (decisions * 0.99)], empty[decisions / 2],
                empty[(int) (decisions * 0.99)], sink % 10);
    }

    private void gateThroughput() throws Exception {
        Path dir = Files.createTempDirectory("gate-bench");
        HubConfig config = ConfigLoader.load(ConfigLoader.bundledDefaults(), Map.of("STUDIO_BRAIN_DATA_DIR", dir.toString()));
        try (Database database = Database.openMigrated(config).database()) {
            SigningKey key = SigningKey.loadOrCreate(dir, "studio-brain.local/bench");
            ReloadableCapabilities capabilities = new ReloadableCapabilities(Path.of("policies/capabilities.yaml"));
            try (Ledger ledger = new Ledger(database::dataSource, Clock.systemUTC(), key, 10_000, Duration.ofMinutes(10));
                 ProposalGate gate = new ProposalGate(database::dataSource, Clock.systemUTC(), ledger,
                         new Outbox(Clock.systemUTC()), new RegistryCatalog(capabilities), "studio-main", false, key)) {
                ExecutorService pool = Executors.newFixedThreadPool(callers);
                List<Future<?>> work = new ArrayList<>();
                long t0 = System.nanoTime();
                for (int w = 0; w < callers; w++) {
                    int worker = w;
                    work.add(pool.submit(() -> {
                        for (int i = worker; i < proposals; i += callers) {
                            // One caller per proposal: the registry's per-actor quota would otherwise stop the run.
                            Actor actor = Actor.system("bench-" + i, "studio-main");
                            var outcome = gate.submit(actor, new ProposalRequest("ops.recommendation", "studio-main",
                                    "kiln-" + i, null, ProposalGate.json("{\"summary\":\"Check batch " + i + "\"}"),
                                    "Batch " + i + " waits longer than usual for a firing", null, List.of(), null),
                                    "bench");
                            if (!outcome.allowed()) {
                                throw new IllegalStateException(outcome.reason() + ": " + outcome.message());
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : work) {
                    f.get();
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf("| gate end to end (dedupe, decision, proposal, ledger, outbox), %d callers | %d proposals | %.2f s | %,.0f proposals/s |%n",
                        callers, proposals, seconds, proposals / seconds);
                pool.shutdown();
            }
        }
    }
}
