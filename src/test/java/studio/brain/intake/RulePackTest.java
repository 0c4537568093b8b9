package studio.brain.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulePackTest {
    private static final Path FILE = Path.of("policies/intake-rules.yaml");

    private static RulePackException refusal(String yaml) {
        try {
            RulePack.parse(FILE, yaml);
        } catch (RulePackException e) {
            return e;
        }
        throw new AssertionError("accepted:\n" + yaml);
    }

    @Test
    void theStudioRulePackLoads() {
        RulePack pack = RulePack.load(FILE);
        assertThat(pack.version()).isNotBlank();
        assertThat(pack.categoryNames()).containsExactlyInAnyOrderElementsOf(RulePack.CATEGORIES);
        assertThat(pack.ruleCount()).isGreaterThan(20);
        assertThat(pack.threshold("weaponization")).isBetween(0.0, 1.0);
    }

    @Test
    void aGoodSmallFileLoadsWithListsPrefixesAndChoices() {
        RulePack pack = RulePack.parse(FILE, """
                version: "t-1"
                lists:
                  brands: [nike, "Louis Vuitton"]
                categories:
                  ip_infringement:
                    threshold: 0.5
                    rules:
                      - { id: a, phrase: "counterfeit* @brands", weight: 0.9 }
                      - { id: b, phrase: [replica, "exact copy"], weight: 0.2 }
                      - { id: c, all: ["@brands", [sell, resale]], within: 6, weight: 0.7, unless: ["my own"],
                          unlessWithin: 3 }
                """);
        assertThat(pack.version()).isEqualTo("t-1");
        assertThat(pack.ruleCount()).isEqualTo(3);
        assertThat(pack.vocabulary()).contains("counterfeit", "nike", "louis", "vuitton", "replica", "sell");
    }

    @Test
    void aWeightOutOfRangeNamesFileLineAndRule() {
        RulePackException e = refusal("""
                version: "1"
                categories:
                  weaponization:
                    threshold: 0.6
                    rules:
                      - id: firearm-parts
                        phrase: "gun parts"
                        weight: 1.5
                """);
        assertThat(e.file()).isEqualTo(FILE);
        assertThat(e.line()).isEqualTo(8);
        assertThat(e.rule()).isEqualTo("weaponization/firearm-parts");
        assertThat(e.getMessage()).contains("intake-rules.yaml:8", "weaponization/firearm-parts",
                "weight must be in (0, 1], got 1.5");
    }

    @Test
    void everyKindOfMistakeIsRefusedWithItsReason() {
        String head = "version: \"1\"\ncategories:\n  fraud_risk:\n    threshold: 0.6\n    rules:\n";
        assertThat(refusal("version: [\n").reason()).startsWith("not valid YAML");
        assertThat(refusal("").reason()).isEqualTo("the file is empty");
        assertThat(refusal("categories: {}\n").reason()).contains("lacks 'version'");
        assertThat(refusal("version: 1\ncategories:\n  drugs:\n    threshold: 0.5\n    rules: []\n").reason())
                .contains("unknown category 'drugs'");
        assertThat(refusal("version: 1\ncategories:\n  fraud_risk:\n    threshold: 0\n    rules: []\n").reason())
                .contains("threshold must be in (0, 1]");
        assertThat(refusal("version: 1\ncategories:\n  fraud_risk:\n    threshold: 0.5\n    rules: []\n").reason())
                .contains("has no rules");
        assertThat(refusal(head + "      - { id: a, phrase: fake, wieght: 0.5 }\n").reason())
                .contains("unknown key 'wieght'");
        assertThat(refusal(head + "      - { id: a, weight: 0.5 }\n").reason())
                .contains("exactly one of 'phrase' or 'all'");
        assertThat(refusal(head + "      - { id: a, phrase: x, all: [a, b], within: 3, weight: 0.5 }\n").reason())
                .contains("exactly one of 'phrase' or 'all'");
        assertThat(refusal(head + "      - { id: a, all: [fake, papers], weight: 0.5 }\n").reason())
                .contains("lacks 'within'");
        assertThat(refusal(head + "      - { id: a, all: [fake, papers], within: 1, weight: 0.5 }\n").reason())
                .contains("within must be between 2 and 50");
        assertThat(refusal(head + "      - { id: a, all: [fake], within: 3, weight: 0.5 }\n").reason())
                .contains("at least two items");
        assertThat(refusal(head + "      - { id: a, phrase: \"@nolist x\", weight: 0.5 }\n").reason())
                .contains("unknown list @nolist");
        assertThat(refusal(head + "      - { id: a, phrase: \"* *\", weight: 0.5 }\n").reason())
                .contains("has no words");
        assertThat(refusal(head + "      - { id: a, phrase: \"ab*\", weight: 0.5 }\n").reason())
                .contains("prefix ab*");
        assertThat(refusal(head + "      - { id: a, phrase: x, weight: 0.5, unlessWithin: 2 }\n").reason())
                .contains("unlessWithin without unless");
        assertThat(refusal(head + "      - { id: A B, phrase: x, weight: 0.5 }\n").reason())
                .contains("id must be");
        assertThat(refusal(head + "      - { id: a, phrase: x, weight: much }\n").reason())
                .contains("weight must be a number");
        assertThat(refusal("version: 1\nlists:\n  l: [\"@m\"]\ncategories: {}\n").reason())
                .contains("refers to a list inside a list");
    }

    @Test
    void aRepeatedRuleIdOrKeyIsRefused() {
        RulePackException e = refusal("""
                version: "1"
                categories:
                  fraud_risk:
                    threshold: 0.6
                    rules:
                      - { id: a, phrase: fake, weight: 0.5 }
                      - { id: a, phrase: forged, weight: 0.5 }
                """);
        assertThat(e.line()).isEqualTo(7);
        assertThat(e.reason()).contains("id given twice");
        assertThat(refusal("version: 1\nversion: 2\ncategories: {}\n").reason()).contains("'version' twice");
    }

    @Test
    void anUnreadableFileIsRefusedWithItsName(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nothing.yaml");
        assertThatThrownBy(() -> RulePack.load(missing)).isInstanceOf(RulePackException.class)
                .hasMessageContaining("nothing.yaml").hasMessageContaining("cannot be read");
        Path bad = Files.writeString(dir.resolve("intake-rules.yaml"), "version: 1\ncategories: []\n");
        assertThatThrownBy(() -> IntakeClassifier.load(bad)).isInstanceOf(RulePackException.class)
                .hasMessageContaining("intake-rules.yaml:2").hasMessageContaining("categories must be a mapping");
    }
}
