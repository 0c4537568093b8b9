package studio.brain.state;

import java.util.List;
import java.util.Map;

/**
 * One {@code where} condition of a metric: a field, what is asked of it, and the values (one prefix for
 * {@code startsWith}/{@code notStartsWith}, one value for {@code equals}). Matching is case-insensitive as
 * {@link Spellings} defines it. A record that lacks the field is not in any list and starts with no prefix, so
 * {@code notIn} and {@code notStartsWith} match it.
 */
public record Condition(String field, ConditionType type, List<Object> values) {

    public Condition {
        values = List.copyOf(values);
    }

    /** The same condition with its negation dropped. */
    Condition positive() {
        return new Condition(field, type.positive(), values);
    }

    boolean negative() {
        return type.negative();
    }

    /** Whether a record's field value (null when the field is missing) meets the condition. */
    boolean matches(Object actual) {
        boolean positiveMatch = type.prefix()
                ? Spellings.startsWithAny(actual, (String) values.get(0))
                : Spellings.matchesAny(actual, values);
        return type.negative() != positiveMatch;
    }

    /** The value at a dotted path ({@code metadata.orderId}) of a record, or null. */
    static Object valueAt(Map<String, Object> record, String path) {
        Object current = record;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(part);
        }
        return current;
    }

    /** The canonical form hashed into a reading's input hash. */
    Map<String, Object> canonical() {
        return Map.of("field", field, "condition", type.yamlName(), "values", values);
    }
}
