package studio.brain.cloud;

import com.google.firestore.v1.MapValue;
import com.google.firestore.v1.StructuredQuery;
import com.google.firestore.v1.StructuredQuery.CompositeFilter;
import com.google.firestore.v1.StructuredQuery.FieldFilter;
import com.google.firestore.v1.StructuredQuery.UnaryFilter;
import com.google.firestore.v1.Value;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the fake answers a structured query, following Firestore: filters (field, unary, composite AND/OR), ordering
 * (a document lacking an ordered-by field is left out; ties broken by document name), offset, limit, projection.
 */
final class FakeFirestoreQueries {

    static final String NAME_FIELD = "__name__";

    /** A stored document as the engine sees it: its path relative to the database root and its fields. */
    record Doc(String path, Map<String, Value> fields, com.google.protobuf.Timestamp createTime,
               com.google.protobuf.Timestamp updateTime) {

        String id() {
            return path.substring(path.lastIndexOf('/') + 1);
        }

        String collectionPath() {
            return path.substring(0, path.lastIndexOf('/'));
        }
    }

    private FakeFirestoreQueries() {
    }

    /** Filters, orders, skips and limits the candidate documents as the query says. */
    static List<Doc> run(StructuredQuery query, List<Doc> candidates) {
        if (query.hasStartAt() || query.hasEndAt()) {
            throw new UnsupportedOperationException("query cursors");
        }
        List<Doc> matched = new ArrayList<>();
        for (Doc doc : candidates) {
            if ((!query.hasWhere() || matches(query.getWhere(), doc)) && hasOrderFields(query, doc)) {
                matched.add(doc);
            }
        }
        matched.sort(ordering(query));
        int from = Math.min(query.getOffset(), matched.size());
        int to = query.hasLimit() ? Math.min(matched.size(), from + query.getLimit().getValue()) : matched.size();
        return new ArrayList<>(matched.subList(from, to));
    }

    static boolean matches(StructuredQuery.Filter filter, Doc doc) {
        return switch (filter.getFilterTypeCase()) {
            case COMPOSITE_FILTER -> matchesComposite(filter.getCompositeFilter(), doc);
            case FIELD_FILTER -> matchesField(filter.getFieldFilter(), doc);
            case UNARY_FILTER -> matchesUnary(filter.getUnaryFilter(), doc);
            default -> true;
        };
    }

    private static boolean matchesComposite(CompositeFilter composite, Doc doc) {
        if (composite.getOp() == CompositeFilter.Operator.OR) {
            return composite.getFiltersList().stream().anyMatch(f -> matches(f, doc));
        }
        return composite.getFiltersList().stream().allMatch(f -> matches(f, doc));
    }

    private static boolean matchesField(FieldFilter filter, Doc doc) {
        Value actual = field(doc, filter.getField().getFieldPath());
        if (actual == null) {
            return false; // every operator, NOT_EQUAL and NOT_IN included, skips a document lacking the field
        }
        Value expected = filter.getValue();
        return switch (filter.getOp()) {
            case EQUAL -> FakeFirestoreValues.equal(actual, expected);
            case NOT_EQUAL -> !FakeFirestoreValues.isNull(actual) && !FakeFirestoreValues.equal(actual, expected);
            case LESS_THAN -> sameType(actual, expected) && FakeFirestoreValues.compare(actual, expected) < 0;
            case LESS_THAN_OR_EQUAL -> sameType(actual, expected) && FakeFirestoreValues.compare(actual, expected) <= 0;
            case GREATER_THAN -> sameType(actual, expected) && FakeFirestoreValues.compare(actual, expected) > 0;
            case GREATER_THAN_OR_EQUAL ->
                    sameType(actual, expected) && FakeFirestoreValues.compare(actual, expected) >= 0;
            case IN -> contains(expected.getArrayValue().getValuesList(), actual);
            case NOT_IN -> !FakeFirestoreValues.isNull(actual)
                    && expected.getArrayValue().getValuesList().stream().noneMatch(FakeFirestoreValues::isNull)
                    && !contains(expected.getArrayValue().getValuesList(), actual);
            case ARRAY_CONTAINS -> actual.hasArrayValue() && contains(actual.getArrayValue().getValuesList(), expected);
            case ARRAY_CONTAINS_ANY -> actual.hasArrayValue() && expected.getArrayValue().getValuesList().stream()
                    .anyMatch(e -> contains(actual.getArrayValue().getValuesList(), e));
            default -> throw new UnsupportedOperationException("field filter " + filter.getOp());
        };
    }

    private static boolean matchesUnary(UnaryFilter filter, Doc doc) {
        Value actual = field(doc, filter.getField().getFieldPath());
        if (actual == null) {
            return false;
        }
        return switch (filter.getOp()) {
            case IS_NULL -> FakeFirestoreValues.isNull(actual);
            case IS_NOT_NULL -> !FakeFirestoreValues.isNull(actual);
            case IS_NAN -> FakeFirestoreValues.isNaN(actual);
            case IS_NOT_NAN -> !FakeFirestoreValues.isNull(actual) && !FakeFirestoreValues.isNaN(actual);
            default -> throw new UnsupportedOperationException("unary filter " + filter.getOp());
        };
    }

    private static boolean sameType(Value a, Value b) {
        return FakeFirestoreValues.typeOrder(a) == FakeFirestoreValues.typeOrder(b);
    }

    private static boolean contains(List<Value> values, Value v) {
        return values.stream().anyMatch(e -> FakeFirestoreValues.equal(e, v));
    }

    private static boolean hasOrderFields(StructuredQuery query, Doc doc) {
        return query.getOrderByList().stream().map(o -> o.getField().getFieldPath())
                .allMatch(path -> path.equals(NAME_FIELD) || field(doc, path) != null);
    }

    private static Comparator<Doc> ordering(StructuredQuery query) {
        Comparator<Doc> order = (a, b) -> 0;
        boolean byName = false;
        StructuredQuery.Direction last = StructuredQuery.Direction.ASCENDING;
        for (StructuredQuery.Order o : query.getOrderByList()) {
            String path = o.getField().getFieldPath();
            Comparator<Doc> one = path.equals(NAME_FIELD) ? FakeFirestoreQueries::compareNames
                    : (a, b) -> FakeFirestoreValues.compare(field(a, path), field(b, path));
            if (o.getDirection() == StructuredQuery.Direction.DESCENDING) {
                one = one.reversed();
            }
            order = order.thenComparing(one);
            byName |= path.equals(NAME_FIELD);
            last = o.getDirection();
        }
        if (!byName) {
            // Firestore breaks ties by name, in the direction of the last explicit order.
            Comparator<Doc> names = FakeFirestoreQueries::compareNames;
            order = order.thenComparing(last == StructuredQuery.Direction.DESCENDING ? names.reversed() : names);
        }
        return order;
    }

    /** Document names compare segment by segment (a collection's documents sort by id). */
    static int compareNames(Doc a, Doc b) {
        String[] x = a.path().split("/");
        String[] y = b.path().split("/");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = FakeFirestoreValues.compareStrings(x[i], y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    /** A field's value by path ("a.b", "`odd.name`"), or null when the document lacks it. */
    static Value field(Doc doc, String fieldPath) {
        List<String> segments = segments(fieldPath);
        Map<String, Value> level = doc.fields();
        Value value = null;
        for (int i = 0; i < segments.size(); i++) {
            value = level.get(segments.get(i));
            if (value == null) {
                return null;
            }
            if (i < segments.size() - 1) {
                if (!value.hasMapValue()) {
                    return null;
                }
                level = value.getMapValue().getFieldsMap();
            }
        }
        return value;
    }

    /** Only the masked fields: an empty mask (or one naming only __name__) leaves no fields. */
    static Map<String, Value> project(Doc doc, List<String> fieldPaths) {
        Map<String, Value> out = new LinkedHashMap<>();
        for (String path : fieldPaths) {
            if (path.equals(NAME_FIELD)) {
                continue;
            }
            Value value = field(doc, path);
            if (value != null) {
                put(out, segments(path), 0, value);
            }
        }
        return out;
    }

    private static void put(Map<String, Value> into, List<String> segments, int i, Value value) {
        String key = segments.get(i);
        if (i == segments.size() - 1) {
            into.put(key, value);
            return;
        }
        Value existing = into.get(key);
        Map<String, Value> child = new LinkedHashMap<>(
                existing != null && existing.hasMapValue() ? existing.getMapValue().getFieldsMap() : Map.of());
        put(child, segments, i + 1, value);
        into.put(key, Value.newBuilder().setMapValue(MapValue.newBuilder().putAllFields(child)).build());
    }

    /** Splits a field path on dots, honouring back-quoted segments with backslash escapes. */
    static List<String> segments(String fieldPath) {
        List<String> segments = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < fieldPath.length(); i++) {
            char c = fieldPath.charAt(i);
            if (quoted && c == '\\' && i + 1 < fieldPath.length()) {
                current.append(fieldPath.charAt(++i));
            } else if (c == '`') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                segments.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        segments.add(current.toString());
        return segments;
    }
}
