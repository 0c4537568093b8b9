package studio.brain.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.gate.capability.PolicyFileException;
import studio.brain.gate.capability.PolicyProblem;

/** The repo's matrix covers every data class; a bad file is refused with every problem, each with its line. */
class RetentionPolicyLoaderTest {
    @TempDir
    Path dir;

    @Test
    void theRepositoryMatrixCoversEveryClassOnce() throws Exception {
        RetentionPolicy policy = RetentionPolicyLoader.load(RetentionFixture.REPO_POLICY);
        assertThat(policy.rules().keySet()).containsExactlyInAnyOrder(DataClass.values());
        assertThat(policy.rule(DataClass.LEDGER_EVENTS).action()).isEqualTo(RetentionAction.LEDGER);
        assertThat(policy.rule(DataClass.LEDGER_EVENTS).windowDays()).isEmpty();
        assertThat(policy.rule(DataClass.INTAKE_SUMMARIES).action()).isEqualTo(RetentionAction.REDACT);
        assertThat(policy.draftCapabilities()).containsExactly("ops.recommendation", "finance.flag", "marketing.draft");
        assertThat(policy.hash()).hasSize(64);
        assertThat(Arrays.stream(DataClass.values()).map(d -> policy.rule(d).why())).allMatch(w -> !w.isBlank());
    }

    @Test
    void aLedgerWindowInThisFileIsRefusedBecauseTheLedgerHasItsOwn() throws Exception {
        Path file = RetentionFixture.policyCopy(dir, "  - class: ledger.events\n    action: ledger",
                "  - class: ledger.events\n    windowDays: 30\n    action: ledger");
        assertThatThrownBy(() -> RetentionPolicyLoader.load(file)).isInstanceOf(PolicyFileException.class)
                .hasMessageContaining("retention.yaml:" + lineOf(file, "windowDays: 30"))
                .hasMessageContaining("STUDIO_BRAIN_LEDGER_RETENTION_DAYS");
    }

    @Test
    void aMissingClassARepeatedClassAndAnImpossibleActionAreAllReported() throws Exception {
        Path file = RetentionFixture.policyCopy(dir, "  - class: job_runs\n", "  - class: outbox.delivered\n");
        String text = Files.readString(file).replace("  - class: triage.feedback\n    windowDays: 365\n    action: delete",
                "  - class: triage.feedback\n    windowDays: 365\n    action: redact");
        Files.writeString(file, text);
        PolicyFileException refused = org.junit.jupiter.api.Assertions.assertThrows(PolicyFileException.class,
                () -> RetentionPolicyLoader.load(file));
        assertThat(refused.problems()).extracting(PolicyProblem::reason).anySatisfy(r -> assertThat(r)
                        .contains("class 'outbox.delivered': appears twice (first at line"))
                .anySatisfy(r -> assertThat(r).contains("class 'job_runs' is missing"))
                .anySatisfy(r -> assertThat(r).contains("class 'triage.feedback': action 'redact' is not possible"));
        assertThat(refused.problems()).allSatisfy(p -> assertThat(p.line()).isNotNull());
    }

    @Test
    void schemaAndYamlProblemsNameTheLine() throws Exception {
        Path unknown = RetentionFixture.policyCopy(dir, "    action: delete\n    why: Delivered",
                "    action: shred\n    why: Delivered");
        assertThatThrownBy(() -> RetentionPolicyLoader.load(unknown))
                .hasMessageContaining("retention.yaml:" + lineOf(unknown, "action: shred"))
                .hasMessageContaining("class 'outbox.delivered' action");
        Path broken = RetentionFixture.policyCopy(dir, "classes:\n", "classes:\n  - class: [\n");
        assertThatThrownBy(() -> RetentionPolicyLoader.load(broken)).hasMessageContaining("not valid YAML");
        Path missing = dir.resolve("nowhere/retention.yaml");
        assertThatThrownBy(() -> RetentionPolicyLoader.load(missing)).hasMessageContaining("file not found");
    }

    private static int lineOf(Path file, String text) throws Exception {
        var lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }
}
