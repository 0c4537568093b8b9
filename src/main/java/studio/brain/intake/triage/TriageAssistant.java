package studio.brain.intake.triage;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Suggests a category, severity and reason code for a community report from the weighted phrase rules of a
 * {@link TriageRules} set. It only computes: a suggestion is advice for staff and nothing here can act on it.
 *
 * <p>Each category scores the sum of the weights of its rules that fire on the title or the note. The highest
 * score wins, a tie going to the category listed first ({@link TriageRules#CATEGORIES}); its confidence is
 * {@code best / (best + runnerUp + prior)}, capped at {@code max} and rounded to two decimals. When no rule fires
 * the suggestion is {@code other} with the file's {@code none} confidence. The severity is the category's, raised
 * by any severity rule that fires.
 */
public final class TriageAssistant {
    public static final int MAX_TARGET_TYPE = 64;
    public static final int MAX_TITLE = 500;
    public static final int MAX_NOTE = 10_000;

    private final TriageRules rules;

    public TriageAssistant(TriageRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    /**
     * @param targetType what the report is about (post, link, event, …), required
     * @param title the report's title, may be null
     * @param note the reporter's note, may be null
     * @throws IllegalArgumentException when the target type is missing, both title and note are empty, or a field
     *         is too long; the message never repeats the report's text
     */
    public TriageSuggestion suggest(String targetType, String title, String note) {
        if (targetType == null || targetType.isBlank()) {
            throw new IllegalArgumentException("targetType is required");
        }
        if (targetType.length() > MAX_TARGET_TYPE) {
            throw new IllegalArgumentException("targetType is longer than " + MAX_TARGET_TYPE + " characters");
        }
        if (title != null && title.length() > MAX_TITLE) {
            throw new IllegalArgumentException("title is longer than " + MAX_TITLE + " characters");
        }
        if (note != null && note.length() > MAX_NOTE) {
            throw new IllegalArgumentException("note is longer than " + MAX_NOTE + " characters");
        }
        List<String> titleWords = TriageText.words(title);
        List<String> noteWords = TriageText.words(note);
        if (titleWords.isEmpty() && noteWords.isEmpty()) {
            throw new IllegalArgumentException("a report needs a title or a note with some words in it");
        }
        String type = TriageText.normalize(targetType).strip();

        TriageRules.Category best = null;
        double bestScore = 0;
        double runnerUp = 0;
        List<String> bestRules = List.of();
        for (TriageRules.Category category : rules.categories()) {
            double score = 0;
            List<String> fired = new ArrayList<>();
            for (TriageRules.Rule rule : category.rules()) {
                if (rule.firesOn(type, titleWords) || rule.firesOn(type, noteWords)) {
                    score += rule.weight();
                    fired.add(rule.id());
                }
            }
            if (score > bestScore) {
                runnerUp = bestScore;
                bestScore = score;
                best = category;
                bestRules = fired;
            } else if (score > runnerUp) {
                runnerUp = score;
            }
        }

        TriageRules.Confidence settings = rules.confidence();
        double confidence;
        List<String> matched = new ArrayList<>(bestRules);
        if (best == null) {
            best = rules.categories().stream().filter(c -> c.name().equals(TriageRules.OTHER)).findFirst()
                    .orElseThrow();
            confidence = settings.none();
        } else {
            confidence = Math.min(settings.max(), bestScore / (bestScore + runnerUp + settings.prior()));
        }
        String severity = best.severity();
        for (TriageRules.Rule escalation : rules.escalations()) {
            if (escalation.firesOn(type, titleWords) || escalation.firesOn(type, noteWords)) {
                matched.add(escalation.id());
                if (rank(escalation.atLeast()) > rank(severity)) {
                    severity = escalation.atLeast();
                }
            }
        }
        return new TriageSuggestion(severity, best.name(), best.reasonCode(), Math.round(confidence * 100) / 100.0,
                matched, rules.version());
    }

    private static int rank(String severity) {
        return TriageRules.SEVERITIES.indexOf(severity);
    }
}
