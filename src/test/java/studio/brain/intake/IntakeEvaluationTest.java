package studio.brain.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Precision and recall per category and the false-positive rate on benign requests, over the labeled dataset
 * {@code src/test/resources/intake/eval.jsonl}, with the studio's rule pack. Goals: recall ≥ 0.95 on every risky
 * category, at most 3% of benign requests flagged.
 */
class IntakeEvaluationTest {
    private static final Path RULES = Path.of("policies", RulePack.FILE_NAME);

    @Test
    void theDatasetHasTheAgreedShape() {
        List<IntakeEvaluation.Example> examples = IntakeEvaluation.dataset();
        assertThat(examples).hasSizeGreaterThanOrEqualTo(150);
        long benign = examples.stream().filter(e -> e.label().equals(Classification.NONE)).count();
        assertThat((double) benign / examples.size()).isGreaterThanOrEqualTo(0.60);
        for (String category : RulePack.CATEGORIES) {
            assertThat(examples.stream().filter(e -> e.label().equals(category)).count())
                    .as(category).isGreaterThanOrEqualTo(15);
        }
        assertThat(examples).allSatisfy(e -> assertThat(e.label()).isIn(
                "none", "illegal_content", "weaponization", "ip_infringement", "fraud_risk"));
    }

    @Test
    void theRulePackMeetsTheGoalsOnTheDataset() {
        IntakeEvaluation.Report report = IntakeEvaluation.evaluate(IntakeClassifier.load(RULES),
                IntakeEvaluation.dataset());
        System.out.print("Intake classifier evaluation\n" + report.table());
        assertThat(report.missedGoals()).as(report.table()).isEmpty();
    }

    /** Lines the rules were not tuned on: an estimate of how the rules fare on new phrasing; printed only. */
    @Test
    void theHoldoutFiguresArePrinted() {
        List<IntakeEvaluation.Example> holdout = IntakeEvaluation.holdout();
        assertThat(holdout).isNotEmpty();
        IntakeEvaluation.Report report = IntakeEvaluation.evaluate(IntakeClassifier.load(RULES), holdout);
        System.out.print("Intake classifier hold-out (not asserted)\n" + report.table());
    }

    @Test
    void theEvaluationFailsAClassifierThatMissesTheGoals() {
        RulePack weak = RulePack.parse(Path.of("weak.yaml"), """
                version: weak
                categories:
                  weaponization:
                    threshold: 0.5
                    rules:
                      - { id: gun, phrase: gun, weight: 0.9 }
                      - { id: glaze, phrase: glaze, weight: 0.9 }
                """);
        IntakeEvaluation.Report report = IntakeEvaluation.evaluate(new IntakeClassifier(weak),
                IntakeEvaluation.dataset());
        assertThat(report.missedGoals()).anyMatch(m -> m.startsWith("recall of ip_infringement"))
                .anyMatch(m -> m.startsWith("false-positive rate"));
        Map<String, IntakeEvaluation.Figures> figures = report.perCategory();
        assertThat(figures.get("fraud_risk").recall()).isZero();
    }
}
