package studio.brain.state;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The spellings under which a metric's text value is looked for. Firestore compares strings exactly, and the studio's
 * records were typed by hand over the years ({@code open}, {@code OPEN}, {@code Open}), so a value is matched in four
 * spellings: as written, lower case, UPPER CASE and Capitalized. Every source (Firestore, the export files, Stripe's
 * objects, the cloud summary) uses this same rule, so they agree on every record; a freak casing such as
 * {@code oPeN} matches none of them, on every source alike.
 */
final class Spellings {

    private Spellings() {
    }

    /** The distinct spellings of a value; a value that is not text is its own only spelling. */
    static List<Object> of(Object value) {
        if (!(value instanceof String text)) {
            return List.of(value);
        }
        Set<Object> spellings = new LinkedHashSet<>();
        spellings.add(text);
        spellings.add(text.toLowerCase(Locale.ROOT));
        spellings.add(text.toUpperCase(Locale.ROOT));
        spellings.add(capitalized(text));
        return List.copyOf(spellings);
    }

    /** The distinct spellings of every value, in order. */
    static List<Object> ofAll(List<Object> values) {
        Set<Object> spellings = new LinkedHashSet<>();
        values.forEach(value -> spellings.addAll(of(value)));
        return List.copyOf(spellings);
    }

    /**
     * The spellings of a prefix, without any spelling that another one starts: then no string starts with two of
     * them, and counts taken per prefix add up exactly.
     */
    static List<String> ofPrefix(String prefix) {
        List<String> prefixes = new ArrayList<>();
        for (Object spelling : of(prefix)) {
            prefixes.add((String) spelling);
        }
        return prefixes.stream()
                .filter(p -> prefixes.stream().noneMatch(other -> !other.equals(p) && p.startsWith(other)))
                .toList();
    }

    static boolean matchesAny(Object actual, List<Object> values) {
        if (actual == null) {
            return false;
        }
        Object normalised = normalise(actual);
        return ofAll(values).stream().anyMatch(spelling -> normalise(spelling).equals(normalised));
    }

    static boolean startsWithAny(Object actual, String prefix) {
        return actual instanceof String text && ofPrefix(prefix).stream().anyMatch(text::startsWith);
    }

    private static Object normalise(Object value) {
        // Firestore compares whole numbers across integer widths, as the YAML's Long and a record's Integer differ.
        return value instanceof Integer || value instanceof Short || value instanceof Byte
                ? ((Number) value).longValue() : value;
    }

    private static String capitalized(String text) {
        if (text.isEmpty()) {
            return text;
        }
        return text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1).toLowerCase(Locale.ROOT);
    }
}
