package studio.brain.intake;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Flags work requests that look illegal, weaponizable, infringing or fraudulent, by the rules of
 * {@code policies/intake-rules.yaml}.
 *
 * <p>The text is normalized ({@link TextNormalizer}); each category's matched rules are combined as a noisy OR,
 * {@code score = 1 - Π(1 - weight)}, so one strong rule or several weak ones reach the category's threshold. The
 * flagged category is the one with the highest score at or above its threshold (ties go to the earlier category in
 * the file); otherwise {@code none}. Pure and thread-safe: the rule pack is immutable and nothing is cached.
 */
public final class IntakeClassifier {
    private final RulePack rules;
    private final TextNormalizer normalizer;

    public IntakeClassifier(RulePack rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.normalizer = new TextNormalizer(rules.vocabulary());
    }

    /** A classifier over the rule file at {@code file}; a bad file throws {@link RulePackException}. */
    public static IntakeClassifier load(Path file) {
        return new IntakeClassifier(RulePack.load(file));
    }

    public RulePack rulePack() {
        return rules;
    }

    /** The tokens the rules see for {@code text}. */
    public List<String> tokens(String text) {
        return normalizer.normalize(text);
    }

    /** Classifies one request text (title and description together); null is refused. */
    public Classification classify(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        String[] tokens = normalizer.normalize(text).toArray(String[]::new);
        Map<String, Double> scores = new LinkedHashMap<>();
        List<String> matched = new ArrayList<>();
        String best = Classification.NONE;
        double bestScore = 0;
        double highest = 0;
        for (RulePack.Category category : rules.categories()) {
            double miss = 1;
            for (Rule rule : category.rules()) {
                if (rule.matches(tokens)) {
                    matched.add(category.name() + "/" + rule.id());
                    miss *= 1 - rule.weight();
                }
            }
            double score = clamp(1 - miss);
            scores.put(category.name(), score);
            highest = Math.max(highest, score);
            if (score >= category.threshold() && score > bestScore) {
                best = category.name();
                bestScore = score;
            }
        }
        double confidence = best.equals(Classification.NONE) ? clamp(1 - highest) : bestScore;
        return new Classification(best, confidence, matched, rules.version(), scores);
    }

    private static double clamp(double value) {
        return Math.max(0, Math.min(1, Math.round(value * 1e6) / 1e6));
    }
}
