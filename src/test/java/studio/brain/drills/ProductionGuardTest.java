package studio.brain.drills;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProductionGuardTest {

    @Test
    void aLocalConfigurationMayRunDrills() {
        assertThat(ProductionGuard.reasons(Map.of())).isEmpty();
        assertThat(ProductionGuard.reasons(Map.of("STUDIO_BRAIN_DB_URL", "jdbc:postgresql://localhost:5432/brain",
                "STUDIO_BRAIN_HTTP_HOST", "127.0.0.1", "STUDIO_BRAIN_STAFF_AUTH", "local-token",
                "STUDIO_BRAIN_FIRESTORE_PROJECT_ID", "studio-test", "FIRESTORE_EMULATOR_HOST", "127.0.0.1:8086")))
                .isEmpty();
        assertThat(ProductionGuard.reasons(Map.of("STUDIO_BRAIN_DB_URL", "jdbc:postgresql://127.0.0.2:5432/brain")))
                .isEmpty();
    }

    @Test
    void everyProductionSignIsNamed() {
        Map<String, String> production = Map.of(
                "STUDIO_BRAIN_DB_URL", "jdbc:postgresql://db.studio.example:5432/brain?password=hunter22",
                "STUDIO_BRAIN_HTTP_HOST", "0.0.0.0",
                "STUDIO_BRAIN_STAFF_AUTH", "firebase",
                "STUDIO_BRAIN_FIRESTORE_PROJECT_ID", "studio-prod",
                "STUDIO_BRAIN_STRIPE_API_KEY", "rk_live_secretvalue123",
                "STUDIO_BRAIN_HUBITAT_COMMANDS_ENABLED", "true");
        var reasons = ProductionGuard.reasons(production);
        assertThat(reasons).hasSize(6);
        assertThat(String.join("\n", reasons)).contains("db.studio.example", "0.0.0.0", "firebase",
                "FIRESTORE_EMULATOR_HOST", "STUDIO_BRAIN_STRIPE_API_KEY", "HUBITAT_COMMANDS_ENABLED")
                .doesNotContain("hunter22", "rk_live_secretvalue123");
        assertThat(ProductionGuard.reasons(Map.of("STUDIO_BRAIN_DB_URL",
                "jdbc:postgresql://localhost:5432,db2.example:5432/brain"))).hasSize(1);
        assertThat(ProductionGuard.reasons(Map.of("STUDIO_BRAIN_DB_URL", "not a url"))).hasSize(1);
    }

    @Test
    void aProductionConfigurationIsRefusedWithExitTwoAndNothingRuns() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Drills.Outcome outcome = Drills.run(Scenario.KILL_SWITCH, Map.of("STUDIO_BRAIN_DB_URL",
                        "jdbc:postgresql://10.0.0.5:5432/brain", "STUDIO_BRAIN_STAFF_AUTH", "firebase",
                        "STUDIO_BRAIN_FIRESTORE_PROJECT_ID", "studio-prod"), true, null, null,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.report()).isNull();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Refused", "looks like production", "10.0.0.5");
    }

    @Test
    void anUnknownScenarioIsAUsageError() {
        assertThat(studio.brain.cli.StudioBrain.execute("drill", "meteor-strike")).isEqualTo(2);
    }
}
