package studio.brain.cloud;

import com.google.firestore.v1.ArrayValue;
import com.google.firestore.v1.MapValue;
import com.google.firestore.v1.Value;
import com.google.protobuf.ByteString;
import com.google.protobuf.NullValue;
import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Firestore's value rules for the fake: conversion from plain Java, the cross-type ordering (null < boolean < number
 * < timestamp < string < bytes < reference < geo point < array < map), numeric comparison across integers and
 * doubles, and strings compared by code point (the order of their UTF-8 bytes, as Firestore does).
 */
final class FakeFirestoreValues {

    private FakeFirestoreValues() {
    }

    static Value of(Object java) {
        Value.Builder v = Value.newBuilder();
        if (java == null) {
            return v.setNullValue(NullValue.NULL_VALUE).build();
        }
        if (java instanceof String s) {
            return v.setStringValue(s).build();
        }
        if (java instanceof Long || java instanceof Integer || java instanceof Short || java instanceof Byte) {
            return v.setIntegerValue(((Number) java).longValue()).build();
        }
        if (java instanceof Double || java instanceof Float) {
            return v.setDoubleValue(((Number) java).doubleValue()).build();
        }
        if (java instanceof Boolean b) {
            return v.setBooleanValue(b).build();
        }
        if (java instanceof Instant i) {
            return v.setTimestampValue(timestamp(i)).build();
        }
        if (java instanceof byte[] bytes) {
            return v.setBytesValue(ByteString.copyFrom(bytes)).build();
        }
        if (java instanceof List<?> list) {
            ArrayValue.Builder array = ArrayValue.newBuilder();
            list.forEach(e -> array.addValues(of(e)));
            return v.setArrayValue(array).build();
        }
        if (java instanceof Map<?, ?> map) {
            MapValue.Builder fields = MapValue.newBuilder();
            map.forEach((k, e) -> fields.putFields(String.valueOf(k), of(e)));
            return v.setMapValue(fields).build();
        }
        throw new IllegalArgumentException("the fake cannot store a " + java.getClass().getName());
    }

    /** A stored value back as plain Java: strings, longs, doubles, booleans, null, lists and maps. */
    static Object plain(Value v) {
        return switch (v.getValueTypeCase()) {
            case STRING_VALUE -> v.getStringValue();
            case INTEGER_VALUE -> v.getIntegerValue();
            case DOUBLE_VALUE -> v.getDoubleValue();
            case BOOLEAN_VALUE -> v.getBooleanValue();
            case NULL_VALUE, VALUETYPE_NOT_SET -> null;
            case ARRAY_VALUE -> v.getArrayValue().getValuesList().stream().map(FakeFirestoreValues::plain).toList();
            case MAP_VALUE -> {
                java.util.Map<String, Object> map = new java.util.TreeMap<>();
                v.getMapValue().getFieldsMap().forEach((k, x) -> map.put(k, plain(x)));
                yield map;
            }
            default -> v.toString();
        };
    }

    static Timestamp timestamp(Instant i) {
        return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
    }

    static int typeOrder(Value v) {
        return switch (v.getValueTypeCase()) {
            case NULL_VALUE -> 0;
            case BOOLEAN_VALUE -> 1;
            case INTEGER_VALUE, DOUBLE_VALUE -> 2;
            case TIMESTAMP_VALUE -> 3;
            case STRING_VALUE -> 4;
            case BYTES_VALUE -> 5;
            case REFERENCE_VALUE -> 6;
            case GEO_POINT_VALUE -> 7;
            case ARRAY_VALUE -> 8;
            case MAP_VALUE -> 9;
            default -> 10;
        };
    }

    static boolean isNull(Value v) {
        return v.getValueTypeCase() == Value.ValueTypeCase.NULL_VALUE;
    }

    static boolean isNaN(Value v) {
        return v.getValueTypeCase() == Value.ValueTypeCase.DOUBLE_VALUE && Double.isNaN(v.getDoubleValue());
    }

    static boolean isNumber(Value v) {
        return typeOrder(v) == 2;
    }

    /** Firestore equality: same type class and equal; a number equals the same number whatever its encoding. */
    static boolean equal(Value a, Value b) {
        return typeOrder(a) == typeOrder(b) && !isNaN(a) && !isNaN(b) && compare(a, b) == 0;
    }

    static final Comparator<Value> ORDER = FakeFirestoreValues::compare;

    static int compare(Value a, Value b) {
        int byType = Integer.compare(typeOrder(a), typeOrder(b));
        if (byType != 0) {
            return byType;
        }
        return switch (a.getValueTypeCase()) {
            case NULL_VALUE -> 0;
            case BOOLEAN_VALUE -> Boolean.compare(a.getBooleanValue(), b.getBooleanValue());
            case INTEGER_VALUE, DOUBLE_VALUE -> compareNumbers(a, b);
            case TIMESTAMP_VALUE -> a.getTimestampValue().getSeconds() != b.getTimestampValue().getSeconds()
                    ? Long.compare(a.getTimestampValue().getSeconds(), b.getTimestampValue().getSeconds())
                    : Integer.compare(a.getTimestampValue().getNanos(), b.getTimestampValue().getNanos());
            case STRING_VALUE -> compareStrings(a.getStringValue(), b.getStringValue());
            case BYTES_VALUE -> ByteString.unsignedLexicographicalComparator()
                    .compare(a.getBytesValue(), b.getBytesValue());
            case REFERENCE_VALUE -> compareStrings(a.getReferenceValue(), b.getReferenceValue());
            case GEO_POINT_VALUE -> a.getGeoPointValue().getLatitude() != b.getGeoPointValue().getLatitude()
                    ? Double.compare(a.getGeoPointValue().getLatitude(), b.getGeoPointValue().getLatitude())
                    : Double.compare(a.getGeoPointValue().getLongitude(), b.getGeoPointValue().getLongitude());
            case ARRAY_VALUE -> compareLists(a.getArrayValue().getValuesList(), b.getArrayValue().getValuesList());
            case MAP_VALUE -> compareMaps(a.getMapValue().getFieldsMap(), b.getMapValue().getFieldsMap());
            default -> 0;
        };
    }

    private static int compareNumbers(Value a, Value b) {
        if (a.hasIntegerValue() && b.hasIntegerValue()) {
            return Long.compare(a.getIntegerValue(), b.getIntegerValue());
        }
        double x = a.hasIntegerValue() ? a.getIntegerValue() : a.getDoubleValue();
        double y = b.hasIntegerValue() ? b.getIntegerValue() : b.getDoubleValue();
        // NaN sorts before every other number in Firestore.
        if (Double.isNaN(x) || Double.isNaN(y)) {
            return Double.isNaN(x) ? (Double.isNaN(y) ? 0 : -1) : 1;
        }
        return Double.compare(x == 0.0 ? 0.0 : x, y == 0.0 ? 0.0 : y); // -0.0 equals 0.0
    }

    static int compareStrings(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static int compareLists(List<Value> a, List<Value> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static int compareMaps(Map<String, Value> a, Map<String, Value> b) {
        List<String> ka = new ArrayList<>(a.keySet());
        List<String> kb = new ArrayList<>(b.keySet());
        ka.sort(FakeFirestoreValues::compareStrings);
        kb.sort(FakeFirestoreValues::compareStrings);
        for (int i = 0; i < Math.min(ka.size(), kb.size()); i++) {
            int c = compareStrings(ka.get(i), kb.get(i));
            if (c != 0) {
                return c;
            }
            c = compare(a.get(ka.get(i)), b.get(kb.get(i)));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(ka.size(), kb.size());
    }
}
