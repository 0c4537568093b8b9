package studio.brain.intake.triage;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one normalization of report text and rule phrases: NFKC, diacritics removed, lower case, apostrophes dropped
 * ("doesn't" is "doesnt"), then words of letters and digits.
 */
final class TriageText {
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern APOSTROPHES = Pattern.compile("['\u2019\u02bc`]");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private TriageText() {
    }

    static String normalize(String text) {
        if (text == null) {
            return "";
        }
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
        String plain = MARKS.matcher(decomposed).replaceAll("");
        String composed = Normalizer.normalize(plain, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return APOSTROPHES.matcher(composed).replaceAll("");
    }

    static List<String> words(String text) {
        String normalized = NOT_WORD.matcher(normalize(text)).replaceAll(" ").strip();
        return normalized.isEmpty() ? List.of() : Arrays.asList(normalized.split(" "));
    }

    /** A phrase as the words it must match; the last one may end in * to match as a prefix. */
    record Phrase(String text, List<String> words, boolean prefix) {

        static Phrase of(String text) {
            String trimmed = text.strip();
            boolean prefix = trimmed.endsWith("*");
            List<String> words = TriageText.words(prefix ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
            return new Phrase(text, List.copyOf(words), prefix);
        }

        boolean occursIn(List<String> text) {
            int n = words.size();
            for (int start = 0; start + n <= text.size(); start++) {
                if (matchesAt(text, start)) {
                    return true;
                }
            }
            return false;
        }

        private boolean matchesAt(List<String> text, int start) {
            int n = words.size();
            for (int i = 0; i < n; i++) {
                String word = text.get(start + i);
                boolean last = i == n - 1;
                if (last && prefix ? !word.startsWith(words.get(i)) : !word.equals(words.get(i))) {
                    return false;
                }
            }
            return true;
        }
    }
}
