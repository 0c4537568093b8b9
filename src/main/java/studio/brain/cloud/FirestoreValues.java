package studio.brain.cloud;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.Blob;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.GeoPoint;
import com.google.cloud.firestore.VectorValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between the Firestore client's value types and the plain Java values of {@link CloudDocument}, so that no
 * client type leaks above the source. Firestore types that have no plain equivalent are given a stable, lossless-enough
 * form: a reference becomes its path, a geo point a map of latitude/longitude, bytes a Base64 string, a vector a list
 * of doubles.
 */
final class FirestoreValues {

    private FirestoreValues() {
    }

    static Map<String, Object> toPlainMap(Map<String, Object> data) {
        Map<String, Object> plain = new LinkedHashMap<>();
        if (data != null) {
            data.forEach((k, v) -> plain.put(k, toPlain(v)));
        }
        return plain;
    }

    static Object toPlain(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean
                || value instanceof Long || value instanceof Double) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof Timestamp ts) {
            return toInstant(ts);
        }
        if (value instanceof Date date) {
            return date.toInstant();
        }
        if (value instanceof List<?> list) {
            List<Object> plain = new ArrayList<>(list.size());
            list.forEach(v -> plain.add(toPlain(v)));
            return plain;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> plain = new LinkedHashMap<>();
            map.forEach((k, v) -> plain.put(String.valueOf(k), toPlain(v)));
            return plain;
        }
        if (value instanceof DocumentReference ref) {
            return ref.getPath();
        }
        if (value instanceof GeoPoint point) {
            Map<String, Object> plain = new LinkedHashMap<>();
            plain.put("latitude", point.getLatitude());
            plain.put("longitude", point.getLongitude());
            return plain;
        }
        if (value instanceof Blob blob) {
            return Base64.getEncoder().encodeToString(blob.toBytes());
        }
        if (value instanceof VectorValue vector) {
            List<Object> plain = new ArrayList<>();
            for (double d : vector.toArray()) {
                plain.add(d);
            }
            return plain;
        }
        return String.valueOf(value);
    }

    /** A filter value as the client wants it: Instants become Firestore timestamps, small integers longs. */
    static Object toClient(Object value) {
        if (value instanceof Instant instant) {
            return Timestamp.ofTimeSecondsAndNanos(instant.getEpochSecond(), instant.getNano());
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof List<?> list) {
            List<Object> converted = new ArrayList<>(list.size());
            list.forEach(v -> converted.add(toClient(v)));
            return converted;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> converted = new LinkedHashMap<>();
            map.forEach((k, v) -> converted.put(String.valueOf(k), toClient(v)));
            return converted;
        }
        return value;
    }

    static Instant toInstant(Timestamp ts) {
        return ts == null ? null : Instant.ofEpochSecond(ts.getSeconds(), ts.getNanos());
    }
}
