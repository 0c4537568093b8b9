package studio.brain.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --against}: a temporary git repository with the registry committed once, then edited in the working tree
 * (or in a second commit); every loosening is a finding, tightenings are not.
 */
class CapabilityLooseningTest {

    @TempDir
    Path dir;
    LintRepo repo;

    @BeforeEach
    void firstCommit() throws Exception {
        repo = LintRepo.in(dir).capabilities(LintRepo.GOOD_CAPABILITIES);
        repo.git("init", "-q", "-b", "main");
        repo.git("add", "-A");
        repo.git("commit", "-q", "-m", "registry");
    }

    private List<Finding> loosenings() throws Exception {
        return CapabilityLoosening.check(repo.root, GitRevision.of(repo.root, "main"));
    }

    @Test
    void anUnchangedOrTightenedRegistryHasNoLoosening() throws Exception {
        assertThat(loosenings()).isEmpty();

        repo.capabilities(LintRepo.GOOD_CAPABILITIES
                .replace("perActor: { max: 10, window: PT1H }", "perActor: { max: 5, window: PT2H }")
                .replace("cooldown: PT1M", "cooldown: PT5M")
                .replace("risk: medium", "risk: high")
                .replace("allowlist: [\"12\"]", "allowlist: []"));
        assertThat(loosenings()).isEmpty();
    }

    @Test
    void droppedApprovalLoweredRiskAndExemptionAreEachAFinding() throws Exception {
        // A read whose approval is dropped (writes cannot drop it: the hub refuses that file outright).
        repo.capabilities(LintRepo.goodWith("hubitat.devices.read", "approval: none", "approval: required"));
        repo.git("commit", "-q", "-am", "reads need approval");
        repo.capabilities(LintRepo.goodWith("hubitat.device.command", "risk: medium", "risk: low")
                .replace("approval: required\n    exemptable: false\n    enabled: false",
                        "approval: required\n    exemptable: true\n    enabled: false"));

        List<Finding> findings = loosenings();
        assertThat(findings).extracting(Finding::rule).containsExactlyInAnyOrder(
                CapabilityLoosening.APPROVAL_DROPPED, CapabilityLoosening.RISK_LOWERED,
                CapabilityLoosening.EXEMPTABLE_ON);
        assertThat(findings).filteredOn(f -> f.rule().equals(CapabilityLoosening.RISK_LOWERED)).singleElement()
                .satisfies(f -> {
                    assertThat(f.message()).isEqualTo(
                            "capability 'hubitat.device.command' risk lowered from medium to low");
                    assertThat(f.file()).isEqualTo("policies/capabilities.yaml");
                    assertThat(f.line()).isEqualTo(LintRepo.lineOf(LintRepo.GOOD_CAPABILITIES,
                            "id: hubitat.device.command", "risk:"));
                });
    }

    @Test
    void raisedOrRemovedLimitsAndAWiderAllowlistAreFindings() throws Exception {
        repo.capabilities(LintRepo.GOOD_CAPABILITIES
                .replace("perActor: { max: 10, window: PT1H }", "perActor: { max: 10, window: PT30M }")
                .replace("      cooldown: PT1M\n", "")
                .replace("allowlist: [\"12\"]", "allowlist: [\"12\", \"13\"]"));
        List<Finding> findings = loosenings();
        assertThat(findings).extracting(Finding::message).containsExactlyInAnyOrder(
                "capability 'hubitat.device.command' limits.perActor raised from 10 per PT1H to 10 per PT30M",
                "capability 'hubitat.device.command' limits.cooldown removed (was PT1M)",
                "capability 'hubitat.device.command' allowlist widened by [13]");

        repo.capabilities(LintRepo.GOOD_CAPABILITIES.replace("max: 10", "max: 11"));
        assertThat(loosenings()).extracting(Finding::rule).containsExactly(CapabilityLoosening.LIMIT_RAISED);
    }

    @Test
    void enablingAWriteOrAddingOneIsAFinding() throws Exception {
        String added = LintRepo.GOOD_CAPABILITIES.replace("enabled: false", "enabled: true") + """
                  - id: notify.webhook
                    title: Send a notice
                    target: notify
                    mode: write
                    risk: low
                    approval: required
                    exemptable: false
                    enabled: false
                    owner: studio-ops
                    rollback: send a correction
                    dryRun: true
                    actionSchema: { type: object }
                  - id: roborock.status.read
                    title: Read vacuum status
                    target: roborock
                    mode: read
                    risk: low
                    approval: none
                    exemptable: false
                    enabled: true
                    owner: facilities
                    rollback: "none: read-only"
                    dryRun: false
                """;
        repo.capabilities(added);
        List<Finding> findings = loosenings();
        assertThat(findings).extracting(Finding::rule, Finding::message).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(CapabilityLoosening.WRITE_ENABLED,
                        "capability 'hubitat.device.command' writes and is now enabled (it was disabled)"),
                org.assertj.core.groups.Tuple.tuple(CapabilityLoosening.WRITE_ADDED,
                        "capability 'notify.webhook' is new since main and writes"));
    }

    @Test
    void aSecondCommitIsComparedWithTheFirst() throws Exception {
        repo.capabilities(LintRepo.GOOD_CAPABILITIES.replace("enabled: false", "enabled: true"));
        repo.git("commit", "-q", "-am", "enable the lamp");
        assertThat(CapabilityLoosening.check(repo.root, GitRevision.of(repo.root, "HEAD"))).isEmpty();
        assertThat(CapabilityLoosening.check(repo.root, GitRevision.of(repo.root, "HEAD~1")))
                .extracting(Finding::rule).containsExactly(CapabilityLoosening.WRITE_ENABLED);
    }

    @Test
    void aRevisionWithoutTheRegistryCountsAsEmpty() throws Exception {
        repo.git("rm", "-q", "policies/capabilities.yaml");
        repo.git("commit", "-q", "-m", "no registry");
        repo.capabilities(LintRepo.GOOD_CAPABILITIES);
        assertThat(CapabilityLoosening.check(repo.root, GitRevision.of(repo.root, "HEAD")))
                .extracting(Finding::rule).containsExactly(CapabilityLoosening.WRITE_ADDED);
    }

    @Test
    void anUnknownRevisionOrOneThatLooksLikeAnOptionIsRefused() {
        assertThatThrownBy(() -> GitRevision.of(repo.root, "no-such-branch"))
                .isInstanceOf(GitRevision.BadRevision.class).hasMessageContaining("no-such-branch");
        assertThatThrownBy(() -> GitRevision.of(repo.root, "--output=/tmp/x"))
                .isInstanceOf(GitRevision.BadRevision.class);
        assertThatThrownBy(() -> Lint.run(repo.root, Optional.of("main:policies")))
                .isInstanceOf(GitRevision.BadRevision.class);
    }
}
