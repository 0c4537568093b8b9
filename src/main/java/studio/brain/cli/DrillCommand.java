package studio.brain.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import studio.brain.drills.Drills;
import studio.brain.drills.Scenario;

/**
 * {@code studio-brain drill <scenario> [--json]}: runs a chaos drill against a non-production hub started in this
 * process and prints its report. Exit 0 when the hub stayed safe, 1 when it did not, 2 when the configuration looks
 * like production (or is invalid) and nothing ran. While the drill runs, the drill hub's log lines go to standard
 * error, so standard output holds only the report.
 */
@Command(name = "drill", description = "Run a chaos drill (kill-switch, connector-timeout-storm, "
        + "delegation-revocation-race, postgres-outage, ledger-tampering) against a throwaway local hub; report time "
        + "to detect, time to recover and the safety outcome.")
final class DrillCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<scenario>", description = "One of: kill-switch, connector-timeout-storm, "
            + "delegation-revocation-race, postgres-outage, ledger-tampering.")
    String scenario;

    @Option(names = "--json", description = "Print the report as one JSON object.")
    boolean json;

    @Option(names = "--reduced", description = "The small load CI runs.")
    boolean reduced;

    @Option(names = "--load", description = "Executions, proposals or pollers to drive (default: the scenario's).")
    Integer load;

    @Option(names = "--work-dir", description = "Keep the drill hub's data (database, ledger, keys) in this folder "
            + "instead of a temporary one that is removed.")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        Optional<Scenario> chosen = Scenario.byId(scenario);
        if (chosen.isEmpty()) {
            System.err.println("Unknown scenario '" + scenario + "'; choose one of: " + Scenario.ids());
            return Drills.REFUSED;
        }
        if (load != null && (load < 1 || load > 45)) {
            System.err.println("--load must be from 1 to 45 (the drill capability allows 50 proposals a day per actor)");
            return Drills.REFUSED;
        }
        PrintStream out = System.out;
        Drills.Outcome outcome;
        System.setOut(System.err);
        try {
            outcome = Drills.run(chosen.get(), System.getenv(), reduced, load, workDir, System.err);
        } finally {
            System.setOut(out);
        }
        if (outcome.report() != null) {
            out.println(json ? new ObjectMapper().writeValueAsString(outcome.report().toMap()) : outcome.report().text());
            out.flush();
        }
        return outcome.exitCode();
    }
}
