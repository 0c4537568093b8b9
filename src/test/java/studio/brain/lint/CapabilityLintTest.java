package studio.brain.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The capability registry's governance rules, each on a compliant and a non-compliant registry. */
class CapabilityLintTest {

    @TempDir
    Path dir;

    @Test
    void aRegistryThatKeepsEveryRuleHasNoFinding() throws Exception {
        LintRepo repo = LintRepo.in(dir).capabilities(LintRepo.GOOD_CAPABILITIES);
        assertThat(CapabilityLint.check(repo.root)).isEmpty();
    }

    @Test
    void aCapabilityWithoutOwnerOrRiskIsNamedWithTheMissingFields() throws Exception {
        String yaml = LintRepo.goodWith("hubitat.device.command", "    owner: facilities\n", "")
                .replace("    risk: medium\n", "");
        List<Finding> findings = CapabilityLint.check(LintRepo.in(dir).capabilities(yaml).root);

        assertThat(findings).filteredOn(f -> f.rule().equals(CapabilityLint.FIELDS))
                .extracting(Finding::message)
                .containsExactlyInAnyOrder("capability 'hubitat.device.command' has no owner",
                        "capability 'hubitat.device.command' has no risk");
        // The hub's loader refuses the same two fields; the lint names each once.
        assertThat(findings).extracting(Finding::rule).containsOnly(CapabilityLint.FIELDS);
        assertThat(findings).allSatisfy(f -> assertThat(f.file()).isEqualTo("policies/capabilities.yaml"));
        // A missing field is named on the capability's first line.
        assertThat(findings.get(0).line()).isEqualTo(LintRepo.lineOf(yaml, "", "id: hubitat.device.command"));
    }

    @Test
    void theLoadersOtherProblemsOnTheSameLineAreStillNamed() throws Exception {
        String yaml = LintRepo.goodWith("hubitat.device.command", "    owner: facilities\n", "")
                .replace("    dryRun: true\n", "");
        List<Finding> findings = CapabilityLint.check(LintRepo.in(dir).capabilities(yaml).root);
        assertThat(findings).extracting(Finding::rule)
                .containsExactlyInAnyOrder(CapabilityLint.FIELDS, CapabilityLint.REGISTRY);
        assertThat(findings).filteredOn(f -> f.rule().equals(CapabilityLint.REGISTRY)).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("dryRun").doesNotContain("owner"));
    }

    @Test
    void aBlankRollbackIsAMissingRollbackPlan() throws Exception {
        String yaml = LintRepo.goodWith("hubitat.device.command", "rollback: send the reverse command",
                "rollback: \" \"");
        List<Finding> findings = CapabilityLint.check(LintRepo.in(dir).capabilities(yaml).root);
        assertThat(findings).extracting(Finding::rule).contains(CapabilityLint.FIELDS);
        assertThat(findings).filteredOn(f -> f.rule().equals(CapabilityLint.FIELDS))
                .singleElement().satisfies(f -> assertThat(f.message()).endsWith("has no rollback"));
    }

    @Test
    void aWriteWithoutApprovalIsAFindingOnTheApprovalLine() throws Exception {
        String yaml = LintRepo.goodWith("hubitat.device.command", "approval: required", "approval: none");
        List<Finding> findings = CapabilityLint.check(LintRepo.in(dir).capabilities(yaml).root);
        int line = LintRepo.lineOf(yaml, "", "approval: none\n    exemptable: false\n    enabled: false");

        assertThat(findings).filteredOn(f -> f.rule().equals(CapabilityLint.WRITE_APPROVAL)).singleElement()
                .satisfies(f -> {
                    assertThat(f.line()).isEqualTo(line);
                    assertThat(f.message()).contains("hubitat.device.command");
                    assertThat(f.hint()).contains("approval: required");
                });
        // The hub's loader refuses the same line for the same reason; the lint names it once.
        assertThat(findings).noneMatch(f -> f.rule().equals(CapabilityLint.REGISTRY) && f.line() == line);
    }

    @Test
    void aCapabilityWithASafetyClassIsNeverExemptable() throws Exception {
        String yaml = LintRepo.goodWith("hubitat.device.command", "    exemptable: false\n",
                "    exemptable: true\n    class: mains_power\n");
        List<Finding> findings = CapabilityLint.check(LintRepo.in(dir).capabilities(yaml).root);
        assertThat(findings).filteredOn(f -> f.rule().equals(CapabilityLint.NOT_EXEMPTABLE)).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("of class 'mains_power'"));
    }

    @Test
    void aHighRiskCapabilityIsNeverExemptableEvenWithoutAClass() throws Exception {
        String yaml = LintRepo.goodWith("hubitat.device.command", "risk: medium", "risk: high")
                .replace("approval: required\n    exemptable: false", "approval: required\n    exemptable: true");
        List<Finding> findings = CapabilityLint.check(LintRepo.in(dir).capabilities(yaml).root);
        // The hub would load this file (its rules forbid exemption for classes only); the lint does not pass it.
        assertThat(findings).extracting(Finding::rule).containsExactly(CapabilityLint.NOT_EXEMPTABLE);
        assertThat(findings.get(0).message()).contains("of high risk");

        String medium = LintRepo.GOOD_CAPABILITIES
                .replace("approval: required\n    exemptable: false", "approval: required\n    exemptable: true");
        assertThat(CapabilityLint.check(LintRepo.in(dir).capabilities(medium).root)).isEmpty();
    }

    @Test
    void aWriteWhoseRollbackIsNoneHasNoRollbackPlan() throws Exception {
        String yaml = LintRepo.goodWith("hubitat.device.command", "rollback: send the reverse command",
                "rollback: \"none: it is only a lamp\"");
        List<Finding> findings = CapabilityLint.check(LintRepo.in(dir).capabilities(yaml).root);
        assertThat(findings).extracting(Finding::rule).containsExactly(CapabilityLint.WRITE_ROLLBACK);
    }

    @Test
    void whatTheHubsLoaderRefusesIsAFindingWithItsLineAndReason() throws Exception {
        String yaml = LintRepo.goodWith("hubitat.device.command", "target: hubitat", "target: toaster")
                .replace("window: PT1H", "window: PT0S");
        List<Finding> findings = CapabilityLint.check(LintRepo.in(dir).capabilities(yaml).root);
        assertThat(findings).extracting(Finding::rule).containsOnly(CapabilityLint.REGISTRY);
        assertThat(findings).anySatisfy(f -> {
            assertThat(f.line()).isEqualTo(LintRepo.lineOf(yaml, "", "target: toaster"));
            assertThat(f.message()).contains("hubitat.device.command").contains("target");
        });
    }

    @Test
    void aMissingOrBrokenRegistryIsAFinding() throws Exception {
        LintRepo repo = LintRepo.in(dir);
        assertThat(CapabilityLint.check(repo.root)).extracting(Finding::rule).containsExactly(CapabilityLint.REGISTRY);

        repo.capabilities("version: \"3.0\"\ncapabilities: [\n");
        assertThat(CapabilityLint.check(repo.root)).singleElement()
                .satisfies(f -> assertThat(f.message()).startsWith("not valid YAML"));
    }
}
