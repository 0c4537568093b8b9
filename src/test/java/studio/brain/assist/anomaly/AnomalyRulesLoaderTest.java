package studio.brain.assist.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AnomalyRulesLoaderTest {
    private static final Path FILE = Path.of("anomaly-rules.yaml");

    private static final String GOOD_RULE = """
              - id: agent-requests.spike
                kind: spike
                metric: ops.agentRequestsPending
                threshold: 35
                baseline: {window: 28, k: 4, minHistory: 14}
                severity: medium
                cooldown: 3d
                suppressAfterDismissal: PT36H
                group: queues
                title: "{value} pending"
                rationale: "{value} vs {median}"
                recommendation: "Look."
            """;

    @Test
    void theShippedRulesLoad() throws Exception {
        AnomalyRules rules = AnomalyRulesLoader.load(Path.of("policies/anomaly-rules.yaml"));
        assertThat(rules.version()).isNotBlank();
        assertThat(rules.rules()).extracting(AnomalyRule::id).contains("batches.stalled", "kiln.backlog",
                "agent-requests.spike", "reservations.accumulating", "reports.high-severity", "device.offline",
                "device.maintenance-due", "snapshot.stale");
        assertThat(rules.rules()).extracting(r -> r.kind().name().toLowerCase()).contains("ratio", "spike",
                "accumulation", "threshold", "device", "staleness");
    }

    @Test
    void aGoodRuleIsReadWithItsDurationsAndLine() throws Exception {
        AnomalyRules rules = AnomalyRulesLoader.parse(FILE, "version: v1\nrules:\n" + GOOD_RULE);
        AnomalyRule rule = rules.rules().get(0);
        assertThat(rule.cooldown()).isEqualTo(Duration.ofDays(3));
        assertThat(rule.suppressAfterDismissal()).isEqualTo(Duration.ofHours(36));
        assertThat(rule.baseline().whenShort()).isEqualTo("quiet");
        assertThat(rule.line()).isEqualTo(3);
    }

    @Test
    void problemsNameFileLineRuleAndReason() {
        String bad = "version: v1\nrules:\n" + GOOD_RULE.replace("threshold: 35", "threshold: lots")
                .replace("{median}", "{medain}").replace("severity: medium", "severity: urgent");
        assertThatThrownBy(() -> AnomalyRulesLoader.parse(FILE, bad))
                .isInstanceOf(AnomalyRulesException.class)
                .satisfies(e -> {
                    var problems = ((AnomalyRulesException) e).problems();
                    assertThat(problems).allSatisfy(p -> {
                        assertThat(p.file()).isEqualTo(FILE);
                        assertThat(p.ruleId()).isEqualTo("agent-requests.spike");
                    });
                    assertThat(problems).anySatisfy(p -> {
                        assertThat(p.line()).isEqualTo(6);
                        assertThat(p.reason()).contains("'threshold' must be a number");
                    });
                    assertThat(problems).anySatisfy(p -> assertThat(p.reason()).contains("severity"));
                    assertThat(problems).anySatisfy(p -> assertThat(p.reason()).contains("{medain}"));
                    assertThat(e.getMessage()).contains("anomaly-rules.yaml:6 rule agent-requests.spike");
                });
    }

    @Test
    void unknownFieldsDuplicateIdsAndBadDurationsAreRefused() {
        String twice = "version: v1\nrules:\n" + GOOD_RULE + GOOD_RULE.replace("cooldown: 3d", "cooldown: soon")
                .replace("group: queues", "group: queues\n    colour: red");
        assertThatThrownBy(() -> AnomalyRulesLoader.parse(FILE, twice))
                .isInstanceOf(AnomalyRulesException.class)
                .hasMessageContaining("'cooldown' must be a positive duration")
                .hasMessageContaining("unknown field 'colour'");
        String dup = "version: v1\nrules:\n" + GOOD_RULE + GOOD_RULE;
        assertThatThrownBy(() -> AnomalyRulesLoader.parse(FILE, dup))
                .hasMessageContaining("rule id 'agent-requests.spike' appears twice");
    }

    @Test
    void aMetricRuleWithoutBaselineAndBrokenYamlAreRefused() {
        String noBaseline = "version: v1\nrules:\n" + GOOD_RULE.replace("    baseline: {window: 28, k: 4, "
                + "minHistory: 14}\n", "");
        assertThatThrownBy(() -> AnomalyRulesLoader.parse(FILE, noBaseline)).hasMessageContaining("'baseline' is "
                + "missing");
        assertThatThrownBy(() -> AnomalyRulesLoader.parse(FILE, "version: v1\nrules: [\n  - id: x"))
                .isInstanceOf(AnomalyRulesException.class).hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> AnomalyRulesLoader.parse(FILE, "version: v1\nrules:\n  - id: x\n    kind: magic\n"))
                .hasMessageContaining(":3 rule x: 'kind' must be one of");
    }
}
