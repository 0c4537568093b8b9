package studio.brain.intake;

import java.util.List;

/**
 * A sequence of normalized word patterns, matched against a token array. A pattern is a word, a prefix
 * ({@code counterfeit*}), any one word ({@code *}) or a choice between phrases (a list, {@code @brands}).
 */
record Phrase(List<Element> elements) {
    Phrase {
        elements = List.copyOf(elements);
    }

    sealed interface Element permits Word, Prefix, AnyWord, OneOf {}

    record Word(String word) implements Element {}

    record Prefix(String stem) implements Element {}

    record AnyWord() implements Element {}

    record OneOf(List<Phrase> choices) implements Element {
        OneOf {
            choices = List.copyOf(choices);
        }
    }

    /** The end (exclusive) of a match starting at {@code pos}, or -1. */
    int matchAt(String[] tokens, int pos) {
        return match(0, tokens, pos);
    }

    private int match(int index, String[] tokens, int pos) {
        if (index == elements.size()) {
            return pos;
        }
        Element element = elements.get(index);
        if (element instanceof OneOf oneOf) {
            for (Phrase choice : oneOf.choices()) {
                int end = choice.matchAt(tokens, pos);
                if (end >= 0) {
                    int rest = match(index + 1, tokens, end);
                    if (rest >= 0) {
                        return rest;
                    }
                }
            }
            return -1;
        }
        if (pos >= tokens.length) {
            return -1;
        }
        String token = tokens[pos];
        boolean ok;
        if (element instanceof Word w) {
            ok = token.equals(w.word());
        } else if (element instanceof Prefix p) {
            ok = token.startsWith(p.stem());
        } else {
            ok = true; // AnyWord
        }
        return ok ? match(index + 1, tokens, pos + 1) : -1;
    }

    /** Whether some match of this phrase overlaps {@code [from, to)}. */
    boolean occursOverlapping(String[] tokens, int from, int to) {
        int start = Math.max(0, from - maxLength());
        for (int pos = start; pos < Math.min(tokens.length, Math.max(to, 0)); pos++) {
            int end = matchAt(tokens, pos);
            if (end > from && end > pos) {
                return true;
            }
        }
        return false;
    }

    /** An upper bound of the number of tokens a match spans. */
    int maxLength() {
        int total = 0;
        for (Element element : elements) {
            if (element instanceof OneOf oneOf) {
                int longest = 0;
                for (Phrase choice : oneOf.choices()) {
                    longest = Math.max(longest, choice.maxLength());
                }
                total += longest;
            } else {
                total++;
            }
        }
        return total;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Element element : elements) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            if (element instanceof Word w) {
                out.append(w.word());
            } else if (element instanceof Prefix p) {
                out.append(p.stem()).append('*');
            } else if (element instanceof OneOf o) {
                out.append(o.choices());
            } else {
                out.append('*');
            }
        }
        return out.toString();
    }
}
