package studio.brain.intake;

import java.util.ArrayList;
import java.util.List;

/**
 * One rule of a category: either a {@code phrase} (consecutive words) or {@code all} (every item somewhere inside a
 * window of {@code within} tokens), with its weight. A match is void when one of the {@code unless} phrases overlaps
 * the matched words widened by {@code unlessWithin} tokens on each side.
 */
record Rule(String id, double weight, Phrase phrase, List<Phrase> all, int within, List<Phrase> unless,
        int unlessWithin) {
    Rule {
        all = all == null ? List.of() : List.copyOf(all);
        unless = List.copyOf(unless);
    }

    /** Whether the rule matches the tokens. */
    boolean matches(String[] tokens) {
        return phrase != null ? matchesPhrase(tokens) : matchesAll(tokens);
    }

    private boolean matchesPhrase(String[] tokens) {
        for (int pos = 0; pos < tokens.length; pos++) {
            int end = phrase.matchAt(tokens, pos);
            if (end >= 0 && !voided(tokens, pos, end)) {
                return true;
            }
        }
        return false;
    }

    private boolean matchesAll(String[] tokens) {
        List<int[]>[] occurrences = occurrencesOfItems(tokens);
        if (occurrences == null) {
            return false;
        }
        for (int[] anchor : occurrences[0]) {
            // windows are tried from each occurrence of the first item back to `within` tokens before it
            for (int start = Math.max(0, anchor[0] - within + 1); start <= anchor[0]; start++) {
                int limit = start + within;
                int end = start;
                boolean complete = true;
                for (List<int[]> item : occurrences) {
                    int[] best = null;
                    for (int[] span : item) {
                        if (span[0] >= start && span[1] <= limit && (best == null || span[1] < best[1])) {
                            best = span;
                        }
                    }
                    if (best == null) {
                        complete = false;
                        break;
                    }
                    end = Math.max(end, best[1]);
                }
                if (complete && !voided(tokens, start, end)) {
                    return true;
                }
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private List<int[]>[] occurrencesOfItems(String[] tokens) {
        List<int[]>[] occurrences = new List[all.size()];
        for (int i = 0; i < all.size(); i++) {
            Phrase item = all.get(i);
            List<int[]> spans = new ArrayList<>(2);
            for (int pos = 0; pos < tokens.length; pos++) {
                int end = item.matchAt(tokens, pos);
                if (end > pos) {
                    spans.add(new int[] {pos, end});
                }
            }
            if (spans.isEmpty()) {
                return null;
            }
            occurrences[i] = spans;
        }
        return occurrences;
    }

    private boolean voided(String[] tokens, int start, int end) {
        for (Phrase exception : unless) {
            if (exception.occursOverlapping(tokens, start - unlessWithin, end + unlessWithin)) {
                return true;
            }
        }
        return false;
    }
}
