package studio.brain.scorecard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.gate.capability.PolicyFileException;

/** The repo's scorecard policy loads; a bad one is refused with file, line and reason. */
class ScorecardPolicyLoaderTest {
    @TempDir
    Path dir;

    @Test
    void theReposPolicyHasEveryIndicatorWithOwnerAndNote() throws Exception {
        ScorecardPolicy policy = ScorecardPolicyLoader.load(ScorecardFixture.REPO_POLICY);
        assertThat(policy.thresholds().keySet()).containsExactlyInAnyOrder(Indicator.values());
        policy.thresholds().values().forEach(t -> {
            assertThat(t.owner()).isNotBlank();
            assertThat(t.note()).isNotBlank();
            assertThat(t.window().isPresent()).isEqualTo(t.indicator().windowed());
        });
        Threshold freshness = policy.of(Indicator.SNAPSHOT_FRESHNESS);
        assertThat(freshness.warning()).isEqualTo(26);
        assertThat(freshness.critical()).isEqualTo(48);
        assertThat(policy.of(Indicator.DECISION_LATENCY_P90).window()).contains(Duration.ofDays(7));
        assertThat(policy.alertChannel()).contains("staff-alerts");
        assertThat(policy.hash()).hasSize(64);
    }

    @Test
    void thresholdsFollowTheIndicatorsDirection() throws Exception {
        ScorecardPolicy policy = ScorecardPolicyLoader.load(ScorecardFixture.REPO_POLICY);
        Threshold age = policy.of(Indicator.SNAPSHOT_FRESHNESS);
        assertThat(age.statusOf(26)).isEqualTo(Status.OK);
        assertThat(age.statusOf(26.5)).isEqualTo(Status.WARNING);
        assertThat(age.statusOf(48.5)).isEqualTo(Status.CRITICAL);
        Threshold share = policy.of(Indicator.READINESS_RATIO);
        assertThat(share.statusOf(100)).isEqualTo(Status.OK);
        assertThat(share.statusOf(99)).isEqualTo(Status.OK);
        assertThat(share.statusOf(98)).isEqualTo(Status.WARNING);
        assertThat(share.statusOf(90)).isEqualTo(Status.CRITICAL);
    }

    private Path edited(String original, String replacement) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("p" + System.nanoTime()));
        Files.createDirectories(folder.resolve("schema"));
        Files.copy(Path.of("policies", ScorecardPolicyLoader.SCHEMA_FILE), folder.resolve(ScorecardPolicyLoader.SCHEMA_FILE));
        String text = Files.readString(ScorecardFixture.REPO_POLICY);
        assertThat(text).contains(original);
        Path file = folder.resolve(ScorecardPolicyLoader.FILE_NAME);
        Files.writeString(file, text.replace(original, replacement));
        return file;
    }

    private static int lineOf(Path file, String text) throws Exception {
        return Files.readAllLines(file).indexOf(text) + 1;
    }

    @Test
    void aCriticalThresholdOnTheWrongSideIsRefusedWithItsLine() throws Exception {
        Path file = edited("    warning: 26\n    critical: 48\n", "    warning: 26\n    critical: 12\n");
        assertThatThrownBy(() -> ScorecardPolicyLoader.load(file))
                .isInstanceOf(PolicyFileException.class)
                .hasMessageContaining(file + ":" + lineOf(file, "    critical: 12"))
                .hasMessageContaining("indicator 'snapshot_freshness': critical (12) must be at or above warning (26)");
        Path share = edited("    warning: 99\n    critical: 95\n", "    warning: 95\n    critical: 99\n");
        assertThatThrownBy(() -> ScorecardPolicyLoader.load(share))
                .hasMessageContaining("indicator 'readiness_ratio': critical (99) must be at or below warning (95)");
    }

    @Test
    void aMissingOrRepeatedIndicatorAndAMisplacedWindowAreRefused() throws Exception {
        Path missing = edited("  - key: readiness_ratio\n", "  - key: tenant_context\n");
        assertThatThrownBy(() -> ScorecardPolicyLoader.load(missing))
                .hasMessageContaining("indicator 'tenant_context': appears twice")
                .hasMessageContaining("indicator 'readiness_ratio' is missing");
        Path window = edited("  - key: snapshot_freshness\n", "  - key: snapshot_freshness\n    windowHours: 24\n");
        assertThatThrownBy(() -> ScorecardPolicyLoader.load(window))
                .hasMessageContaining(window + ":" + lineOf(window, "    windowHours: 24"))
                .hasMessageContaining("windowHours has no meaning here");
        Path noWindow = edited("    windowHours: 168\n    warning: 24\n", "    warning: 24\n");
        assertThatThrownBy(() -> ScorecardPolicyLoader.load(noWindow))
                .hasMessageContaining("indicator 'decision_latency_p90': needs windowHours");
        Path share = edited("    warning: 99\n", "    warning: 120\n");
        assertThatThrownBy(() -> ScorecardPolicyLoader.load(share)).hasMessageContaining("a share is at most 100");
    }

    @Test
    void schemaViolationsAndBrokenYamlAreRefused() throws Exception {
        Path unknown = edited("  - key: connector_health\n", "  - key: connector_uptime\n");
        assertThatThrownBy(() -> ScorecardPolicyLoader.load(unknown))
                .hasMessageContaining(unknown + ":" + lineOf(unknown, "  - key: connector_uptime"))
                .hasMessageContaining("indicator 'connector_uptime' key");
        Path noOwner = edited("    owner: studio-ops\n", "");
        assertThatThrownBy(() -> ScorecardPolicyLoader.load(noOwner)).hasMessageContaining("owner");
        Path text = edited("    warning: 26\n", "    warning: a day\n");
        assertThatThrownBy(() -> ScorecardPolicyLoader.load(text)).hasMessageContaining("warning");
        Path yaml = edited("indicators:\n", "indicators: [\n");
        assertThatThrownBy(() -> ScorecardPolicyLoader.load(yaml)).hasMessageContaining("not valid YAML");
        Path none = dir.resolve("absent.yaml");
        assertThatThrownBy(() -> ScorecardPolicyLoader.load(none)).hasMessageContaining("file not found");
        Path channel = edited("  channel: staff-alerts\n", "  channel: Staff Alerts!\n");
        assertThatThrownBy(() -> ScorecardPolicyLoader.load(channel)).hasMessageContaining("alerts");
        Path noAlerts = edited("alerts:\n  channel: staff-alerts\n", "");
        assertThat(ScorecardPolicyLoader.load(noAlerts).alertChannel()).isEqualTo(Optional.empty());
    }
}
