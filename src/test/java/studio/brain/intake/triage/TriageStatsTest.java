package studio.brain.intake.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import studio.brain.intake.triage.TriageStats.CategoryStats;

class TriageStatsTest {

    @Test
    void ratesAreComputedPerSuggestedCategory() {
        List<TriageFeedback> feedback = List.of(
                new TriageFeedback("safety", "safety", "accepted", "kiln_locked_out"),
                new TriageFeedback("safety", "safety", "edited", "warned"),
                new TriageFeedback("safety", "harassment_hate", "edited", "removed"),
                new TriageFeedback("spam", "spam", "accepted", "removed"),
                new TriageFeedback("spam", "other", "rejected", "no_action"),
                new TriageFeedback("spam", "spam", "rejected", "no_action"),
                new TriageFeedback("other", "copyright", "Edited", "removed"));
        TriageStats.Summary summary = TriageStats.compute(feedback);

        assertThat(summary.byCategory().keySet()).containsExactly("safety", "spam", "other");
        assertThat(summary.byCategory().get("safety"))
                .isEqualTo(new CategoryStats("safety", 3, 1, 2, 0, 0.3333, 0.3333));
        assertThat(summary.byCategory().get("spam")).isEqualTo(new CategoryStats("spam", 3, 1, 0, 2, 0.3333, 0.3333));
        assertThat(summary.byCategory().get("other")).isEqualTo(new CategoryStats("other", 1, 0, 1, 0, 0.0, 1.0));
        assertThat(summary.overall()).isEqualTo(new CategoryStats("all", 7, 2, 3, 2, 0.2857, 0.4286));
    }

    @Test
    void noFeedbackMeansNoCategoriesAndZeroRates() {
        TriageStats.Summary summary = TriageStats.compute(List.of());
        assertThat(summary.byCategory()).isEmpty();
        assertThat(summary.overall()).isEqualTo(new CategoryStats("all", 0, 0, 0, 0, 0.0, 0.0));
    }

    @Test
    void feedbackIsCheckedWhenMade() {
        assertThatThrownBy(() -> new TriageFeedback("safety", "safety", "maybe", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("verdict");
        assertThatThrownBy(() -> new TriageFeedback("violence", "safety", "edited", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("suggestedCategory");
        assertThatThrownBy(() -> new TriageFeedback("safety", null, "edited", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finalCategory");
        assertThatThrownBy(() -> new TriageFeedback("safety", "spam", "accepted", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("accepted");
        assertThatThrownBy(() -> new TriageFeedback("safety", "safety", "accepted", " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finalAction");
        assertThat(new TriageFeedback(" Safety ", "SAFETY", "ACCEPTED", " no_action "))
                .isEqualTo(new TriageFeedback("safety", "safety", "accepted", "no_action"));
    }
}
