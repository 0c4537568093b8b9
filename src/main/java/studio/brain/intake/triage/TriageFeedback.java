package studio.brain.intake.triage;

import java.util.List;

/**
 * Staff's answer to one suggestion. Checked when made, so a bad feedback request is refused before anything is
 * recorded.
 *
 * @param suggestedCategory the category that was suggested
 * @param finalCategory the category staff settled on; equal to the suggested one when accepted
 * @param verdict {@code accepted}, {@code edited} or {@code rejected}
 * @param finalAction what staff did in the end, in their words or their tool's code (e.g. {@code no_action},
 *        {@code removed}); recorded, never performed by the hub
 */
public record TriageFeedback(String suggestedCategory, String finalCategory, String verdict, String finalAction) {
    public static final String ACCEPTED = "accepted";
    public static final String EDITED = "edited";
    public static final String REJECTED = "rejected";
    public static final List<String> VERDICTS = List.of(ACCEPTED, EDITED, REJECTED);
    public static final int MAX_FINAL_ACTION = 100;

    public TriageFeedback {
        suggestedCategory = category(suggestedCategory, "suggestedCategory");
        finalCategory = category(finalCategory, "finalCategory");
        if (verdict == null || !VERDICTS.contains(verdict.strip().toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("verdict must be one of " + String.join(", ", VERDICTS));
        }
        verdict = verdict.strip().toLowerCase(java.util.Locale.ROOT);
        if (finalAction == null || finalAction.isBlank()) {
            throw new IllegalArgumentException("finalAction is required (use no_action when nothing was done)");
        }
        if (finalAction.length() > MAX_FINAL_ACTION) {
            throw new IllegalArgumentException("finalAction is longer than " + MAX_FINAL_ACTION + " characters");
        }
        finalAction = finalAction.strip();
        if (verdict.equals(ACCEPTED) && !finalCategory.equals(suggestedCategory)) {
            throw new IllegalArgumentException("an accepted suggestion keeps its category; use edited to change it");
        }
    }

    /** Whether staff ended with another category than the one suggested. */
    public boolean mismatch() {
        return !finalCategory.equals(suggestedCategory);
    }

    private static String category(String value, String field) {
        String normalized = value == null ? "" : value.strip().toLowerCase(java.util.Locale.ROOT);
        if (!TriageRules.CATEGORIES.contains(normalized)) {
            throw new IllegalArgumentException(field + " must be one of " + String.join(", ",
                    TriageRules.CATEGORIES));
        }
        return normalized;
    }
}
