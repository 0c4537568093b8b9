package studio.brain.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IntakeClassifierTest {
    private static final IntakeClassifier STUDIO = IntakeClassifier.load(Path.of("policies", RulePack.FILE_NAME));

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Counterfeit Nike mugs to sell at the market | ip_infringement",
        "An exact replica of a Chanel vase for resale | ip_infringement",
        "c.o.u.n.t.e.r.f.e.i.t L0uis Vuitt0n bowls | ip_infringement",
        "A ceramic suppressor for a rifle | weaponization",
        "sup pressor for my pistol | weaponization",
        "Ceramic housing for an explosive device | weaponization",
        "A bong for meth | illegal_content",
        "Tiles with a sw4stika | illegal_content",
        "Fake certificate of authenticity for a Picasso plate | fraud_risk",
        "Pass these off as antiques at the auction | fraud_risk",
        "bomb-proof glaze on eight mugs | none",
        "gun-metal glaze serving bowl | none",
        "thirty shot glasses for a wedding | none",
        "a replica of my own vase | none",
    })
    void classifiesEachCategoryAndLetsStudioLanguagePass(String text, String expected) {
        assertThat(STUDIO.classify(text).category()).as(text).isEqualTo(expected);
    }

    @Test
    void theResultCarriesRulesScoresConfidenceAndVersion() {
        Classification result = STUDIO.classify("Counterfeit Nike mugs to sell at the market");
        assertThat(result.flagged()).isTrue();
        assertThat(result.matchedRules()).contains("ip_infringement/counterfeit-brand", "ip_infringement/brand-for-sale");
        assertThat(result.rulePackVersion()).isEqualTo(STUDIO.rulePack().version());
        assertThat(result.scores()).containsOnlyKeys(RulePack.CATEGORIES);
        assertThat(result.confidence()).isEqualTo(result.scores().get("ip_infringement"))
                .isCloseTo(1 - 0.1 * 0.3, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(result.scores().get("fraud_risk")).isZero();

        Classification none = STUDIO.classify("Twelve dinner plates in speckled white");
        assertThat(none.category()).isEqualTo(Classification.NONE);
        assertThat(none.confidence()).isEqualTo(1.0);
        assertThat(none.matchedRules()).isEmpty();
        assertThat(none.rulePackVersion()).isEqualTo(STUDIO.rulePack().version());
    }

    private static IntakeClassifier small(double threshold) {
        return new IntakeClassifier(RulePack.parse(Path.of("t.yaml"), """
                version: small-%s
                categories:
                  ip_infringement:
                    threshold: %s
                    rules:
                      - { id: logo, phrase: logo, weight: 0.5 }
                      - { id: sell, all: [sell, logo], within: 4, weight: 0.5, unless: ["my own"], unlessWithin: 2 }
                  fraud_risk:
                    threshold: 0.9
                    rules:
                      - { id: fake, phrase: fake, weight: 0.8 }
                """.formatted(threshold, threshold)));
    }

    @Test
    void weakRulesFlagOnlyTogetherAndEachCategoryHasItsThreshold() {
        IntakeClassifier classifier = small(0.7);
        assertThat(classifier.classify("a logo").category()).isEqualTo("none");
        assertThat(classifier.classify("a logo").scores().get("ip_infringement")).isEqualTo(0.5);
        assertThat(classifier.classify("a logo").confidence()).isEqualTo(0.5);
        Classification both = classifier.classify("sell the logo");
        assertThat(both.category()).isEqualTo("ip_infringement");
        assertThat(both.confidence()).isEqualTo(0.75);
        assertThat(both.rulePackVersion()).isEqualTo("small-0.7");
        assertThat(small(0.8).classify("sell the logo").category()).isEqualTo("none");
        // fraud_risk scores higher (0.8) but stays under its own threshold of 0.9
        Classification fake = small(0.7).classify("fake");
        assertThat(fake.category()).isEqualTo("none");
        assertThat(fake.matchedRules()).containsExactly("fraud_risk/fake");
        assertThat(small(0.5).classify("sell a fake logo").category()).isEqualTo("ip_infringement");
    }

    @Test
    void unlessVoidsAMatchNearItOnly() {
        IntakeClassifier classifier = small(0.7);
        assertThat(classifier.classify("sell my own logo").matchedRules()).containsExactly("ip_infringement/logo");
        assertThat(classifier.classify("sell the logo, and far far away there is my own thing").matchedRules())
                .contains("ip_infringement/sell");
    }

    @Test
    void nullIsRefusedAndEmptyIsNone() {
        assertThatThrownBy(() -> STUDIO.classify(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(STUDIO.classify("").category()).isEqualTo("none");
    }

    @Test
    void concurrentCallsAgreeWithSerialOnes() throws Exception {
        List<String> texts = IntakeEvaluation.dataset().stream().map(IntakeEvaluation.Example::text).toList();
        List<Classification> serial = texts.stream().map(STUDIO::classify).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Classification>>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                runs.add(pool.submit(() -> texts.stream().map(STUDIO::classify).toList()));
            }
            for (Future<List<Classification>> run : runs) {
                assertThat(run.get()).isEqualTo(serial);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
