package studio.brain.cloud;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One condition on a document field, with Firestore's meaning, so every {@link DocumentSource} answers the same
 * question the same way: comparisons are exact and case-sensitive, a {@code NOT_EQUAL} or {@code NOT_IN} condition
 * never matches a document that lacks the field (or holds null there), and a list of filters is AND-ed.
 *
 * <p>The limits are Firestore's own (IN at most 30 values, NOT_IN at most 10), checked here so that a query the
 * server would refuse is refused before any read is billed, and so that the export-file source refuses it too.
 */
public record FieldFilter(String field, Op op, List<Object> values) {

    /** Firestore's field-filter operators that the hub uses. */
    public enum Op { EQUAL, NOT_EQUAL, IN, NOT_IN, LESS_THAN, LESS_OR_EQUAL, GREATER_THAN, GREATER_OR_EQUAL }

    /** Firestore's limit on the values of one IN filter. */
    public static final int MAX_IN_VALUES = 30;
    /** Firestore's limit on the values of one NOT_IN filter. */
    public static final int MAX_NOT_IN_VALUES = 10;

    public FieldFilter {
        if (field == null || field.isBlank()) {
            throw new IllegalArgumentException("a filter needs a field name");
        }
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(values, "values");
        // A copy that still allows null: "field == null" is a legal Firestore filter, and List.copyOf refuses nulls.
        values = Collections.unmodifiableList(new ArrayList<>(values));
        switch (op) {
            case IN -> requireBetween(values.size(), 1, MAX_IN_VALUES, field, op);
            case NOT_IN -> requireBetween(values.size(), 1, MAX_NOT_IN_VALUES, field, op);
            default -> {
                if (values.size() != 1) {
                    throw new IllegalArgumentException(
                            "filter " + op + " on '" + field + "' takes exactly one value, not " + values.size());
                }
            }
        }
    }

    private static void requireBetween(int size, int min, int max, String field, Op op) {
        if (size < min || size > max) {
            throw new IllegalArgumentException(
                    "filter " + op + " on '" + field + "' takes " + min + " to " + max + " values, not " + size);
        }
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
}
