package studio.brain.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.testing.TestHub;

/** The triage assistant over HTTP: a suggestion, never an action; feedback turns into statistics. */
class TriageApiTest {

    @TempDir
    Path work;

    @Test
    void suggestionsAreOnlySuggestionsAndFeedbackBecomesStatistics() throws Exception {
        try (ApiHub api = ApiHub.start(TestHub.env(work))) {
            ApiHub.Answer suggestion = api.post("/api/trust-safety/triage/suggest", api.staff(), ApiHub.json(
                    "targetType", "studio_post", "title", "Broken glass on the wheel room floor",
                    "note", "Someone dropped a glaze jar near wheel 3 and there are sharp shards everywhere"));
            assertThat(suggestion.status()).as(suggestion.body()).isEqualTo(200);
            String category = suggestion.json().get("category").asText();
            assertThat(category).isEqualTo("safety");
            assertThat(suggestion.json().get("reasonCode").asText()).isNotEmpty();
            assertThat(suggestion.json().get("matchedRules")).isNotEmpty();
            String version = suggestion.json().get("modelVersion").asText();

            ApiHub.Answer accepted = api.post("/api/trust-safety/triage/feedback", api.staff(), ApiHub.json(
                    "reportRef", "report-1", "suggestedCategory", category, "suggestedSeverity",
                    suggestion.json().get("severity").asText(), "finalCategory", category, "verdict", "accepted",
                    "finalAction", "cleaned_up", "modelVersion", version));
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
            ApiHub.Answer edited = api.post("/api/trust-safety/triage/feedback", api.staff(), ApiHub.json(
                    "suggestedCategory", "spam", "suggestedSeverity", "low", "finalCategory", "incorrect_info",
                    "verdict", "edited", "finalAction", "corrected_post", "modelVersion", version));
            assertThat(edited.status()).isEqualTo(201);
            ApiHub.Answer contradictory = api.post("/api/trust-safety/triage/feedback", api.staff(), ApiHub.json(
                    "suggestedCategory", "spam", "suggestedSeverity", "low", "finalCategory", "safety",
                    "verdict", "accepted", "finalAction", "none", "modelVersion", version));
            assertThat(contradictory.status()).isEqualTo(422);

            ApiHub.Answer stats = api.get("/api/trust-safety/triage/stats", api.staff());
            assertThat(stats.json().at("/overall/count").asInt()).isEqualTo(2);
            assertThat(stats.json().at("/byCategory/safety/acceptanceRate").asDouble()).isEqualTo(1.0);
            assertThat(stats.json().at("/byCategory/spam/mismatchRate").asDouble()).isEqualTo(1.0);

            // Nothing was proposed, queued or sent on the strength of a suggestion.
            assertThat(api.get("/api/proposals", api.staff()).json().get("proposals")).isEmpty();
            assertThat(api.auditActions("action=triage.")).containsExactlyInAnyOrder("triage.suggested",
                    "triage.feedback", "triage.feedback");
        }
    }
}
