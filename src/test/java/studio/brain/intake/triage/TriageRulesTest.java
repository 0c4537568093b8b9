package studio.brain.intake.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TriageRulesTest {
    private static final Path FILE = Path.of("triage-rules.yaml");
    private static final String VALID = """
            version: test-1
            confidence: { prior: 1, max: 0.9, none: 0.1 }
            severity:
              escalate:
                - { id: sev.urgent, phrases: [emergency], atLeast: high }
            categories:
              safety:
                reasonCode: triage_safety_hazard
                severity: high
                rules:
                  - { id: safety.fire, weight: 3, phrases: [fire] }
              harassment_hate:
                reasonCode: triage_harassment_hate
                severity: high
                rules:
                  - { id: harassment.abuse, weight: 3, phrases: ["harass*"] }
              copyright:
                reasonCode: triage_copyright_claim
                severity: medium
                rules:
                  - { id: copyright.claim, weight: 3, phrases: [dmca] }
              spam:
                reasonCode: triage_spam
                severity: low
                rules:
                  - { id: spam.ad, weight: 2, phrases: [casino] }
              broken_link:
                reasonCode: triage_broken_link
                severity: low
                rules:
                  - { id: link.dead, weight: 3, phrases: [dead link], targetTypes: [link] }
              incorrect_info:
                reasonCode: triage_incorrect_info
                severity: low
                rules:
                  - { id: info.wrong, weight: 2, phrases: [wrong] }
              other:
                reasonCode: triage_other
                severity: low
            """;

    @Test
    void theStudioFileAndAMinimalFileLoad() {
        assertThat(TriageRules.load(TriageAssistantTest.RULES).version()).isEqualTo("triage-rules-2026.11.2");
        TriageRules rules = TriageRules.parse(FILE, VALID);
        assertThat(rules.version()).isEqualTo("test-1");
        assertThat(rules.reasonCode("copyright")).isEqualTo("triage_copyright_claim");
        assertThat(new TriageAssistant(rules).suggest("post", "fire", null).confidence()).isEqualTo(0.75);
    }

    @Test
    void badFilesAreRefusedWithLineAndReason() {
        refused(VALID.replace("version: test-1\n", ""), 1, "missing version");
        refused(VALID.replace("severity: medium", "severity: urgent"), 19, "severity must be one of low, medium, high");
        refused(VALID.replace("weight: 2, phrases: [casino]", "weight: 0, phrases: [casino]"), 26,
                "rule spam.ad: weight must be above 0");
        refused(VALID.replace("weight: 2, phrases: [casino]", "weight: lots, phrases: [casino]"), 26,
                "rule spam.ad: weight must be a number");
        refused(VALID.replace("id: info.wrong", "id: safety.fire"), 36, "rule id safety.fire is used twice");
        refused(VALID.replace("reasonCode: triage_spam", "reasonCode: triage_safety_hazard"), 23,
                "reasonCode triage_safety_hazard is used by another category");
        refused(VALID.replace("reasonCode: triage_spam", "reasonCode: SPAM"), 23, "must look like triage_<name>");
        refused(VALID.replace("  spam:", "  scam:"), 22, "unknown key 'scam'");
        refused(VALID.replace("phrases: [dmca]", "phrases: []"), 21, "phrases must list 1 to");
        refused(VALID.replace("phrases: [dmca]", "phrases: [\"d*ca\"]"), 21, "may use * only at its very end");
        refused(VALID.replace("phrases: [dmca]", "phrases: [\"!!\"]"), 21, "has no letters or digits");
        refused(VALID.replace("max: 0.9", "max: 1.5"), 2, "confidence.max must be between 0 and 1");
        refused(VALID.replace("atLeast: high", "atLeast: severe"), 5, "atLeast must be one of");
        refused(VALID + "    rules:\n      - { id: other.x, weight: 1, phrases: [x] }\n", 41,
                "category other has no rules");
        refused(VALID.replace("version: test-1", "version: test-1\nversion: test-2"), 2, "gives 'version' twice");
        refused(VALID.replace("  safety:\n", "  safety: [\n"), null, "not valid YAML");
        refused("", null, "the file is empty");
    }

    @Test
    void aMissingFileIsRefusedByName(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> TriageRules.load(missing)).isInstanceOf(TriageRulesException.class)
                .hasMessageContaining("nope.yaml").hasMessageContaining("cannot be read");
        Path file = dir.resolve("triage-rules.yaml");
        Files.writeString(file, "version: [1]\n");
        assertThatThrownBy(() -> TriageRules.load(file)).isInstanceOfSatisfying(TriageRulesException.class, e -> {
            assertThat(e.file()).isEqualTo(file);
            assertThat(e.line()).isEqualTo(1);
        });
    }

    private static void refused(String text, Integer line, String reason) {
        assertThatThrownBy(() -> TriageRules.parse(FILE, text))
                .as(reason)
                .isInstanceOfSatisfying(TriageRulesException.class, e -> {
                    assertThat(e.getMessage()).contains(reason).startsWith("triage-rules.yaml");
                    if (line != null) {
                        assertThat(e.line()).isEqualTo(line);
                    }
                });
    }
}
