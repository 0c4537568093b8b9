package studio.brain.intake;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /** A choice between phrases; those starting with a plain word are indexed by it, so a token is looked up once. */
    record OneOf(List<Phrase> choices, Map<String, List<Phrase>> byFirstWord, List<Phrase> others)
            implements Element {
        OneOf(List<Phrase> choices) {
            this(List.copyOf(choices), index(choices), unindexed(choices));
        }

        private static Map<String, List<Phrase>> index(List<Phrase> choices) {
            Map<String, List<Phrase>> index = new HashMap<>();
            for (Phrase choice : choices) {
                if (choice.elements().get(0) instanceof Word word) {
                    index.computeIfAbsent(word.word(), w -> new ArrayList<>()).add(choice);
                }
            }
            index.replaceAll((word, list) -> List.copyOf(list));
            return Map.copyOf(index);
        }

        private static List<Phrase> unindexed(List<Phrase> choices) {
            return choices.stream().filter(c -> !(c.elements().get(0) instanceof Word)).toList();
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
            if (pos >= tokens.length) {
                return -1;
            }
            int rest = matchFirst(oneOf.byFirstWord().getOrDefault(tokens[pos], List.of()), index, tokens, pos);
            return rest >= 0 ? rest : matchFirst(oneOf.others(), index, tokens, pos);
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

    private int matchFirst(List<Phrase> choices, int index, String[] tokens, int pos) {
        for (Phrase choice : choices) {
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
