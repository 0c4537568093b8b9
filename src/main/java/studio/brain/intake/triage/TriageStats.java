package studio.brain.intake.triage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Acceptance and mismatch rates of triage suggestions, by suggested category: pure arithmetic over staff feedback.
 * Rates are fractions between 0 and 1, rounded to four decimals.
 */
public final class TriageStats {

    /**
     * @param category the suggested category
     * @param count feedback received for suggestions of this category
     * @param accepted how many were accepted as suggested
     * @param edited how many were edited
     * @param rejected how many were rejected
     * @param acceptanceRate accepted / count
     * @param mismatchRate (final category differs from the suggested one) / count
     */
    public record CategoryStats(String category, int count, int accepted, int edited, int rejected,
            double acceptanceRate, double mismatchRate) {
    }

    /** Everything together and each category that received feedback, in {@link TriageRules#CATEGORIES} order. */
    public record Summary(CategoryStats overall, Map<String, CategoryStats> byCategory) {
    }

    private TriageStats() {
    }

    public static Summary compute(List<TriageFeedback> feedback) {
        Map<String, CategoryStats> byCategory = new LinkedHashMap<>();
        for (String category : TriageRules.CATEGORIES) {
            List<TriageFeedback> mine = feedback.stream()
                    .filter(item -> item.suggestedCategory().equals(category)).toList();
            if (!mine.isEmpty()) {
                byCategory.put(category, stats(category, mine));
            }
        }
        return new Summary(stats("all", feedback), java.util.Collections.unmodifiableMap(byCategory));
    }

    private static CategoryStats stats(String category, List<TriageFeedback> items) {
        int accepted = 0;
        int edited = 0;
        int rejected = 0;
        int mismatches = 0;
        for (TriageFeedback item : items) {
            switch (item.verdict()) {
                case TriageFeedback.ACCEPTED -> accepted++;
                case TriageFeedback.EDITED -> edited++;
                default -> rejected++;
            }
            if (item.mismatch()) {
                mismatches++;
            }
        }
        int count = items.size();
        return new CategoryStats(category, count, accepted, edited, rejected, rate(accepted, count),
                rate(mismatches, count));
    }

    private static double rate(int part, int whole) {
        return whole == 0 ? 0.0 : Math.round(part * 10_000.0 / whole) / 10_000.0;
    }
}
