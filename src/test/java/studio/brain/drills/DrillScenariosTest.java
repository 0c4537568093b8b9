package studio.brain.drills;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import studio.brain.cli.StudioBrain;
import studio.brain.config.ConfigLoader;
import studio.brain.testing.CapturedOutput;

/**
 * Every drill in its reduced form. To keep CI short the scenarios share one drill hub (each leaves it as it found
 * it: switch off, database up, ledger restored); one more runs the whole way through the command, on its own hub. Each
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
    void theCommandRunsADrillOnItsOwnHubAndPrintsOnlyTheReportAsJson() throws Exception {
        Path kept = work.resolve("kept");
        String printed;
        int code;
        try (CapturedOutput out = new CapturedOutput()) {
            code = StudioBrain.execute("drill", "ledger-tampering", "--reduced", "--json", "--work-dir", kept.toString());
            printed = out.text().strip();
        }
        assertThat(code).as(printed).isZero();
        JsonNode report = new ObjectMapper().readTree(printed);
        assertThat(report.get("scenario").asText()).isEqualTo("ledger-tampering");
        assertThat(report.get("safe").asBoolean()).isTrue();
        assertThat(report.get("unauthorizedWrites").asLong()).isZero();
        assertThat(report.get("lostCommittedEvents").asLong()).isZero();
        assertThat(report.get("details").get("verifierNamed").asText()).endsWith("EDITED");
        assertThat(report.get("drillEventSeq").asLong()).isPositive();
        assertThat(kept.resolve("data")).as("--work-dir keeps the drill hub's data").isDirectory();
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
