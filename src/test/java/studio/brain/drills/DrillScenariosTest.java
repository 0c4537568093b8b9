package studio.brain.drills;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import studio.brain.config.ConfigLoader;

/**
 * Every drill in its reduced form. To keep CI short the scenarios share one drill hub (each leaves it as it found
 * it: switch off, database up, ledger restored); one more runs the whole way, from the guard to the clean-up. Each
 * asserts the safety outcome (no unauthorized write, no lost committed event, the ledger verifies), that both times
 * were measured and that the report has its fields and was recorded as {@code drill.completed}. No timing is asserted.
 */
class DrillScenariosTest {
    @TempDir
    static Path work;
    static DrillHub hub;

    @BeforeAll
    static void start() throws Exception {
        hub = DrillHub.start(ConfigLoader.load(ConfigLoader.bundledDefaults(), Map.of()), work.resolve("shared"), 0);
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void theReducedDrillStaysSafeAndReportsItsMeasurements(Scenario scenario) throws Exception {
        DrillReport report = Drills.runOn(hub, scenario, scenario.load(true));
        assertSafeAndComplete(report, scenario);
    }

    @Test
    void aDrillRunsEndToEndOnItsOwnHubAndCleansUp() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Drills.Outcome outcome = Drills.run(Scenario.LEDGER_TAMPERING, Map.of(), true, null, null,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(outcome.exitCode()).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertSafeAndComplete(outcome.report(), Scenario.LEDGER_TAMPERING);
    }

    private static void assertSafeAndComplete(DrillReport report, Scenario scenario) {
        assertThat(report).isNotNull();
        assertThat(report.safe()).as(report.text()).isTrue();
        assertThat(report.unauthorizedWrites()).isZero();
        assertThat(report.lostCommittedEvents()).isZero();
        assertThat(report.ledgerVerified()).isTrue();
        assertThat(report.detectMs()).as("time to detect").isNotNull();
        assertThat(report.recoverMs()).as("time to recover").isNotNull();
        assertThat(report.drillEventSeq()).isNotNull().isPositive();
        assertThat(report.toMap()).containsKeys("scenario", "safe", "detectMs", "recoverMs", "outcome",
                "unauthorizedWrites", "lostCommittedEvents", "ledgerVerified", "details", "drillEventSeq");
        assertThat(report.scenario()).isEqualTo(scenario.id());
        assertThat(report.text()).contains("time to detect", "time to recover", "unauthorized writes: 0");
    }
}
