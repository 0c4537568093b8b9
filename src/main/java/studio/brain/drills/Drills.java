package studio.brain.drills;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import studio.brain.config.ConfigLoader;
import studio.brain.config.ConfigProblem;
import studio.brain.config.HubConfig;
import studio.brain.config.InvalidConfigException;
import studio.brain.ledger.LedgerEvent;
import studio.brain.observability.EventLog;

/**
 * Runs one drill: the production guard first, then the operator's configuration (for the tenant, policies and
 * connectors only), the drill hub in a work folder, the scenario, and the {@code drill.completed} event in the drill
 * hub's ledger. The work folder is removed afterwards unless the operator chose it.
 */
public final class Drills {
    public static final int SAFE = 0;
    public static final int UNSAFE = 1;
    public static final int REFUSED = 2;
    private static final EventLog LOG = EventLog.of("drills");

    private Drills() {
    }

    /** What a run answered: the exit code and, when the drill ran, its report. */
    public record Outcome(int exitCode, DrillReport report) {
    }

    public static Outcome run(Scenario scenario, Map<String, String> env, boolean reduced, Integer load, Path workDir,
                              PrintStream err) throws Exception {
        List<String> reasons = ProductionGuard.reasons(env);
        if (!reasons.isEmpty()) {
            err.println("Refused: drill " + scenario.id() + " runs only against a non-production hub, and this "
                    + "configuration looks like production:");
            reasons.forEach(r -> err.println("  - " + r));
            err.println("Run drills on a machine or shell without the studio's production settings.");
            LOG.warn("drill.refused", "scenario", scenario.id(), "reasons", reasons);
            return new Outcome(REFUSED, null);
        }
        HubConfig operator;
        try {
            operator = ConfigLoader.load(ConfigLoader.bundledDefaults(), env);
        } catch (InvalidConfigException e) {
            err.println("Refused: the configuration has problems:");
            e.problems().stream().map(ConfigProblem::toString).forEach(p -> err.println("  - " + p));
            return new Outcome(REFUSED, null);
        }
        Path work = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("studio-brain-drill-");
        int size = load != null ? load : scenario.load(reduced);
        LOG.info("drill.started", "scenario", scenario.id(), "load", size, "workDir", work.toString());
        try (DrillHub hub = DrillHub.start(operator, work, scenario.actionWriteMillis())) {
            DrillReport report = runOn(hub, scenario, size);
            return new Outcome(report.safe() ? SAFE : UNSAFE, report);
        } finally {
            if (workDir == null) {
                delete(work);
            }
        }
    }

    /** Runs a scenario on a drill hub that is already up, and records its {@code drill.completed} event. */
    static DrillReport runOn(DrillHub hub, Scenario scenario, int load) throws Exception {
        hub.recorder.writeMillis(scenario.actionWriteMillis());
        DrillReport report = scenario.drill().run(hub, load);
        LedgerEvent event = hub.recordCompleted(report);
        report = report.recordedAs(event.seq(), hub.verifyLedger().ok());
        LOG.info("drill.completed", "scenario", scenario.id(), "safe", report.safe(), "detectMs", report.detectMs(),
                    "recoverMs", report.recoverMs(), "unauthorizedWrites", report.unauthorizedWrites(),
                "lostCommittedEvents", report.lostCommittedEvents());
        return report;
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("drill.cleanup_failed", "workDir", dir.toString(), "errorClass", e.getClass().getName());
        }
    }
}
