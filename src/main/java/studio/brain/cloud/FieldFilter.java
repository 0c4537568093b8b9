package studio.brain.cloud;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One condition on a document field, with Firestore's meaning: comparisons are exact and case-sensitive, values
 * compare only with values of the same type (numbers compare across integer and floating point), and
 * {@link Op#NOT_EQUAL} and {@link Op#NOT_IN} never match a document that lacks the field (or holds null in it).
 * A query's filters are AND-ed.
 */
public record FieldFilter(String field, Op op, List<Object> values) {

    /** Firestore's limit on the values of an {@code in} filter. */
    public static final int MAX_IN_VALUES = 30;
    /** Firestore's limit on the values of a {@code not-in} filter. */
    public static final int MAX_NOT_IN_VALUES = 10;

    public enum Op { EQUAL, NOT_EQUAL, IN, NOT_IN, LESS_THAN, LESS_OR_EQUAL, GREATER_THAN, GREATER_OR_EQUAL }

    public FieldFilter {
        if (field == null || field.isBlank()) {
            throw new IllegalArgumentException("a filter needs a field name");
        }
        Objects.requireNonNull(op, "op");
        if (values == null) {
            throw new IllegalArgumentException("filter on '" + field + "' has no values");
        }
        List<Object> copy = new ArrayList<>(values.size());
        boolean ordering = op == Op.LESS_THAN || op == Op.LESS_OR_EQUAL || op == Op.GREATER_THAN
                || op == Op.GREATER_OR_EQUAL;
        for (Object value : values) {
            // "field == null" is a legal Firestore filter (it matches a field that holds null); "< null" is not.
            if (value == null && ordering) {
                throw new IllegalArgumentException(op + " filter on '" + field + "' compares with null");
            }
            copy.add(value == null ? null : normalise(value));
        }
        switch (op) {
            case IN, NOT_IN -> {
                if (copy.isEmpty()) {
                    throw new IllegalArgumentException(op + " filter on '" + field + "' needs at least one value");
                }
                int max = op == Op.IN ? MAX_IN_VALUES : MAX_NOT_IN_VALUES;
                if (copy.size() > max) {
                    throw new IllegalArgumentException(op + " filter on '" + field + "' has " + copy.size()
                            + " values; at most " + max + " are allowed");
                }
            }
            default -> {
                if (copy.size() != 1) {
                    throw new IllegalArgumentException(op + " filter on '" + field + "' takes exactly one value, got "
                            + copy.size());
                }
            }
        }
        values = Collections.unmodifiableList(copy);
    }

    public static FieldFilter eq(String field, Object value) {
        return new FieldFilter(field, Op.EQUAL, Collections.singletonList(value));
    }

    public static FieldFilter in(String field, Object... values) {
        return new FieldFilter(field, Op.IN, Arrays.asList(values));
    }

    public static FieldFilter notIn(String field, Object... values) {
        return new FieldFilter(field, Op.NOT_IN, Arrays.asList(values));
    }

    public static FieldFilter gte(String field, Object value) {
        return new FieldFilter(field, Op.GREATER_OR_EQUAL, Collections.singletonList(value));
    }

    public static FieldFilter lt(String field, Object value) {
        return new FieldFilter(field, Op.LESS_THAN, Collections.singletonList(value));
    }

    /** The single value of a one-value operator. */
    public Object value() {
        return values.get(0);
    }

    private static Object normalise(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        return value;
    }
}
