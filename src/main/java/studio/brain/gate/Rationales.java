package studio.brain.gate;

import java.util.Locale;
import java.util.Set;

/**
 * A human decision and every proposal carries a reason someone else can follow later: at least two words and ten
 * letters, and not one of the filler answers people type to get past a form.
 */
public final class Rationales {
    private static final Set<String> TRIVIAL = Set.of("ok", "okay", "yes", "no", "test", "testing", "n/a", "na",
            "none", "because", "approve", "approved", "reject", "rejected", "lgtm", "fine", "asdf", "fix", "done",
            "as discussed", "see above", "no reason", "just because", "looks good");

    private Rationales() {
    }

    /** The trimmed rationale, or a refusal with RATIONALE_REQUIRED saying what a good one looks like. */
    public static String require(String rationale) {
        String text = rationale == null ? "" : rationale.strip();
        String normalized = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9/ ]", "").strip();
        long letters = text.chars().filter(Character::isLetter).count();
        boolean twoWords = text.split("\\s+").length >= 2;
        if (letters < 10 || !twoWords || TRIVIAL.contains(normalized) || text.chars().distinct().count() < 5) {
            throw new GateException(ReasonCode.RATIONALE_REQUIRED, "a rationale is required: say in a sentence why "
                    + "(at least two words and ten letters; filler such as 'ok' or 'lgtm' does not count)");
        }
        if (text.length() > 2_000) {
            throw new GateException(ReasonCode.RATIONALE_REQUIRED, "a rationale is at most 2,000 characters");
        }
        return text;
    }
}
