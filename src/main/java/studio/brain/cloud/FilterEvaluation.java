package studio.brain.cloud;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Firestore's filter semantics, evaluated in memory over a document's fields: exact, case-sensitive comparison;
 * values of different types are never equal and never ordered (numbers compare across {@code Long} and
 * {@code Double}); NOT_EQUAL and NOT_IN never match a missing or null field; all filters must hold. A dotted field
 * name reaches into nested maps, as a Firestore field path does.
 */
final class FilterEvaluation {
    private static final Object MISSING = new Object();

    private FilterEvaluation() {
    }

    static boolean matchesAll(Map<String, Object> fields, List<FieldFilter> filters) {
        if (filters == null) {
            return true;
        }
        for (FieldFilter filter : filters) {
            if (!matches(fields, filter)) {
                return false;
            }
        }
        return true;
    }

    static boolean matches(Map<String, Object> fields, FieldFilter filter) {
        Object actual = lookup(fields, filter.field());
        if (actual == MISSING) {
            return false;
        }
        return switch (filter.op()) {
            case EQUAL -> same(actual, filter.value());
            case NOT_EQUAL -> actual != null && !same(actual, filter.value());
            case IN -> filter.values().stream().anyMatch(v -> same(actual, v));
            case NOT_IN -> actual != null && filter.values().stream().noneMatch(v -> same(actual, v));
            case LESS_THAN -> compare(actual, filter.value()) < 0;
            case LESS_OR_EQUAL -> compare(actual, filter.value()) <= 0 && comparable(actual, filter.value());
            case GREATER_THAN -> compare(actual, filter.value()) > 0 && comparable(actual, filter.value());
            case GREATER_OR_EQUAL -> compare(actual, filter.value()) >= 0 && comparable(actual, filter.value());
        };
    }

    /** The value at a (possibly dotted) field path, or {@link #MISSING}. */
    static Object lookup(Map<String, Object> fields, String path) {
        if (fields.containsKey(path)) {
            return fields.get(path);
        }
        Object current = fields;
        for (String segment : path.split("\\.", -1)) {
            if (!(current instanceof Map<?, ?> map) || !map.containsKey(segment)) {
                return MISSING;
            }
            current = map.get(segment);
        }
        return current;
    }

    static boolean present(Object value) {
        return value != MISSING;
    }

    private static boolean same(Object a, Object b) {
        if (a == null || b == null) {
            return a == null && b == null;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return numericCompare(x, y) == 0;
        }
        return a != null && b != null && a.getClass() == b.getClass() && Objects.equals(a, b)
                || a instanceof List<?> && b instanceof List<?> && a.equals(b)
                || a instanceof Map<?, ?> && b instanceof Map<?, ?> && a.equals(b);
    }

    private static boolean comparable(Object a, Object b) {
        return a instanceof Number && b instanceof Number
                || a instanceof String && b instanceof String
                || a instanceof Instant && b instanceof Instant
                || a instanceof Boolean && b instanceof Boolean;
    }

    /**
     * Orders two values of the same type. Values that cannot be ordered give {@link Integer#MAX_VALUE}, which no
     * "less than" accepts; the callers of "greater" checks also ask {@link #comparable}.
     */
    private static int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            if (Double.isNaN(x.doubleValue()) || Double.isNaN(y.doubleValue())) {
                return Integer.MAX_VALUE;
            }
            return numericCompare(x, y);
        }
        if (a instanceof String x && b instanceof String y) {
            return Integer.signum(x.compareTo(y));
        }
        if (a instanceof Instant x && b instanceof Instant y) {
            return Integer.signum(x.compareTo(y));
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Integer.signum(x.compareTo(y));
        }
        return Integer.MAX_VALUE;
    }

    private static int numericCompare(Number x, Number y) {
        if (x instanceof Long a && y instanceof Long b) {
            return Long.compare(a, b);
        }
        double dx = x.doubleValue();
        double dy = y.doubleValue();
        return dx == dy ? 0 : Integer.signum(Double.compare(dx, dy));
    }
}
