package studio.brain.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class TextNormalizerTest {
    private final TextNormalizer plain = new TextNormalizer();
    private final TextNormalizer withRules = new TextNormalizer(Set.of("counterfeit", "nike", "logo", "suppressor",
            "knuckle", "duster", "resale", "louis", "vuitton", "fake", "sell"));

    @Test
    void lowerCaseNfkcAndNoDiacritics() {
        assertThat(plain.normalize("Réplica EXACTA de un JARRÓN")).containsExactly("replica", "exacta", "de", "un",
                "jarron");
        assertThat(plain.normalize("Ｎｉｋｅ ﬁre")).containsExactly("nike", "fire");
        assertThat(plain.normalize("Gefälschte Straße, œuvre, Łódź")).containsExactly("gefalschte", "strasse",
                "oeuvre", "lodz");
    }

    @Test
    void homoglyphsBecomeLatin() {
        // Cyrillic С, а, е and Greek ο
        assertThat(plain.normalize("\u0421h\u0430n\u0435l l\u03bfgo")).containsExactly("chanel", "logo");
    }

    @Test
    void leetspeakIsUndoneInsideWordsButQuantitiesStay() {
        assertThat(plain.normalize("c0unt3rf3it n1ke $ell w34p0n")).containsExactly("counterfeit", "nike", "sell",
                "weapon");
        assertThat(withRules.normalize("f4k3 10u1s")).containsExactly("fake", "iouis");
        assertThat(plain.normalize("3d print, 10cm, cone 6, 4pm, $40")).containsExactly("3d", "print", "10cm", "cone",
                "6", "4pm", "40");
    }

    @Test
    void theLeetReadingOfOneFollowsTheRuleWords() {
        assertThat(new TextNormalizer(Set.of("louis")).normalize("1ouis")).containsExactly("louis");
        assertThat(plain.normalize("1ouis")).containsExactly("iouis");
    }

    @Test
    void spacedAndDottedLettersJoin() {
        assertThat(plain.normalize("c.o.u.n.t.e.r.f.e.i.t n i k e")).containsExactly("counterfeit", "nike");
        assertThat(plain.normalize("n-i-k-e logo")).containsExactly("nike", "logo");
        assertThat(plain.normalize("f a k e  l o g o")).containsExactly("fake", "logo");
        assertThat(withRules.normalize("n i k e l o g o")).containsExactly("nike", "logo");
        assertThat(plain.normalize("n 1 k 3")).containsExactly("nike");
    }

    @Test
    void invisibleCharactersAreRemoved() {
        assertThat(plain.normalize("coun\u200bter\u00adfeit")).containsExactly("counterfeit");
    }

    @Test
    void cutWordsJoinOnlyIntoRuleWords() {
        assertThat(withRules.normalize("counter-feit sup pressor re-sale")).containsExactly("counterfeit",
                "suppressor", "resale");
        assertThat(withRules.normalize("kn-uckle d.u.s.t.e.r")).containsExactly("knuckle", "duster");
        assertThat(plain.normalize("counter-feit")).containsExactly("counter", "feit");
    }

    @Test
    void ordinaryStudioLanguageKeepsItsWords() {
        assertThat(withRules.normalize("bomb-proof glaze")).containsExactly("bomb", "proof", "glaze");
        assertThat(withRules.normalize("gun-metal glaze")).containsExactly("gun", "metal", "glaze");
        assertThat(withRules.normalize("30 shot glasses")).containsExactly("30", "shot", "glasses");
        assertThat(withRules.normalize("a replica of my own vase")).containsExactly("a", "replica", "of", "my", "own",
                "vase");
        assertThat(withRules.normalize("I'd like a mug, and a b&w plate")).containsExactly("i", "d", "like", "a",
                "mug", "and", "a", "b", "w", "plate");
        assertThat(withRules.normalize("maker's mark")).containsExactly("maker", "s", "mark");
    }

    @Test
    void emptyAndHugeTextsAreBounded() {
        assertThat(plain.normalize("")).isEmpty();
        assertThat(plain.normalize(null)).isEmpty();
        assertThat(plain.normalize(" -- / … ")).isEmpty();
        assertThat(plain.normalize("mug ".repeat(10_000))).hasSize(TextNormalizer.MAX_CHARS / 4);
    }
}
