package studio.brain.intake.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

class TriageAssistantTest {
    static final Path RULES = Path.of("policies", TriageRules.FILE_NAME);
    private static final TriageAssistant ASSISTANT = new TriageAssistant(TriageRules.load(RULES));

    @ParameterizedTest(name = "{1} -> {3}/{4}")
    @CsvFileSource(resources = "/triage/labeled-reports.psv", delimiter = '|')
    void theLabeledReportsGetTheirCategoryAndSeverity(String targetType, String title, String note, String category,
            String severity) {
        TriageSuggestion suggestion = ASSISTANT.suggest(targetType, title, note);
        assertThat(suggestion.category()).isEqualTo(category);
        assertThat(suggestion.severity()).isEqualTo(severity);
        assertThat(suggestion.modelVersion()).isEqualTo("triage-rules-2026.11.2");
    }

    @Test
    void everyCategoryHasItsReasonCodeAndProvenance() {
        assertSuggestion("post", "Fire!", null, "safety", "high", "triage_safety_hazard", "safety.kiln_and_fire");
        assertSuggestion("comment", null, "stop bullying her", "harassment_hate", "high", "triage_harassment_hate",
                "harassment.abuse");
        assertSuggestion("gallery", "Plagiarism", null, "copyright", "medium", "triage_copyright_claim",
                "copyright.claim");
        assertSuggestion("comment", "spam", null, "spam", "low", "triage_spam", "spam.promotion");
        assertSuggestion("link", "dead link", null, "broken_link", "low", "triage_broken_link",
                "broken_link.dead");
        assertSuggestion("post", "typo", null, "incorrect_info", "low", "triage_incorrect_info",
                "incorrect_info.wrong");
    }

    @Test
    void anUnknownReportIsOtherWithLowConfidence() {
        TriageSuggestion suggestion = ASSISTANT.suggest("post", "Hello", "When does the studio open on Sunday?");
        assertThat(suggestion).isEqualTo(new TriageSuggestion("low", "other", "triage_other", 0.2,
                java.util.List.of(), "triage-rules-2026.11.2"));
    }

    @Test
    void confidenceGrowsWithEvidenceAndShrinksWithCompetition() {
        // One rule of weight 3: 3 / (3 + 0 + 1).
        assertThat(ASSISTANT.suggest("post", "smoke", null).confidence()).isEqualTo(0.75);
        // Two safety rules (3 + 3): 6 / 7.
        assertThat(ASSISTANT.suggest("post", "smoke", "someone got injured").confidence()).isEqualTo(0.86);
        // Safety 3 against copyright 3: a tie goes to safety, 3 / (3 + 3 + 1).
        TriageSuggestion tie = ASSISTANT.suggest("post", "fumes", "and a DMCA claim");
        assertThat(tie.category()).isEqualTo("safety");
        assertThat(tie.confidence()).isEqualTo(0.43);
        assertThat(tie.matchedRules()).containsExactly("safety.kiln_and_fire");
    }

    @Test
    void severityRulesRaiseTheCategorysSeverity() {
        TriageSuggestion suggestion = ASSISTANT.suggest("link", "broken link", "and the police should know");
        assertThat(suggestion.category()).isEqualTo("broken_link");
        assertThat(suggestion.severity()).isEqualTo("high");
        assertThat(suggestion.matchedRules()).containsExactly("broken_link.dead", "severity.urgent");
    }

    @Test
    void matchingIgnoresCaseWidthAndDiacriticsButNotWordBoundaries() {
        assertThat(ASSISTANT.suggest("post", "INJÜRED at the wheel", null).category()).isEqualTo("safety");
        assertThat(ASSISTANT.suggest("post", "ｆｉｒｅ", null).category()).isEqualTo("safety");
        assertThat(ASSISTANT.suggest("post", "Racíst remarks", null).category()).isEqualTo("harassment_hate");
        assertThat(ASSISTANT.suggest("link", "the link doesn’t work", null).category()).isEqualTo("broken_link");
        assertThat(ASSISTANT.suggest("post", "burnished and fired", "the kiln log")
                .category()).isEqualTo("other");
    }

    @Test
    void targetTypeRulesFireOnlyForTheirTargets() {
        assertThat(ASSISTANT.suggest("Link", "It won't open", null).category()).isEqualTo("broken_link");
        assertThat(ASSISTANT.suggest("post", "It won't open", null).category()).isEqualTo("other");
    }

    @Test
    void badReportsAreRefusedWithoutRepeatingTheirText() {
        assertThatThrownBy(() -> ASSISTANT.suggest(" ", "fire", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("targetType");
        assertThatThrownBy(() -> ASSISTANT.suggest("post", " ", "?!")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("title or a note");
        String longNote = "private detail ".repeat(1000);
        assertThatThrownBy(() -> ASSISTANT.suggest("post", "x", longNote))
                .isInstanceOf(IllegalArgumentException.class).message().contains("note")
                .doesNotContain("private detail");
    }

    private static void assertSuggestion(String targetType, String title, String note, String category,
            String severity, String reasonCode, String rule) {
        TriageSuggestion suggestion = ASSISTANT.suggest(targetType, title, note);
        assertThat(suggestion.category()).isEqualTo(category);
        assertThat(suggestion.severity()).isEqualTo(severity);
        assertThat(suggestion.reasonCode()).isEqualTo(reasonCode);
        assertThat(suggestion.matchedRules()).containsExactly(rule);
        assertThat(suggestion.confidence()).isBetween(0.3, 0.95);
    }
}
