package studio.brain.drills;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every drill in its reduced form, against its own throwaway hub: the safety outcome holds (no unauthorized write, no
 * lost committed event, the ledger verifies), both times were measured, and the report has its fields and was
 * recorded as {@code drill.completed}. No timing is asserted.
 */
class DrillScenariosTest {

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void theReducedDrillStaysSafeAndReportsItsMeasurements(Scenario scenario) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Drills.Outcome outcome = Drills.run(scenario, Map.of(), true, null, null,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        DrillReport report = outcome.report();
        assertThat(report).as(err.toString(StandardCharsets.UTF_8)).isNotNull();
        assertThat(report.safe()).as(report.text()).isTrue();
        assertThat(outcome.exitCode()).isZero();
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
