package studio.brain.intake.triage;

import java.util.List;

/**
 * A suggested triage for a community report: advice shown to staff, never acted upon by the hub.
 *
 * @param severity {@code low}, {@code medium} or {@code high}
 * @param category one of {@link TriageRules#CATEGORIES}
 * @param reasonCode the category's stable reason code, such as {@code triage_safety_hazard}
 * @param confidence between 0 and 1
 * @param matchedRules the ids of the rules that fired for the category and the severity (provenance)
 * @param modelVersion the {@code version} of the rule file
 */
public record TriageSuggestion(String severity, String category, String reasonCode, double confidence,
        List<String> matchedRules, String modelVersion) {

    public TriageSuggestion {
        matchedRules = List.copyOf(matchedRules);
    }
}
