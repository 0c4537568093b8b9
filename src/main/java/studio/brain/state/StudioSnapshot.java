package studio.brain.state;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import studio.brain.hash.ContentHash;

/**
 * Builds one day's StudioState (schema 3.0) from the metric readings: the values grouped by section, when each
 * source was read, the canonical hash of what each source answered, and per metric its provenance. A metric that
 * could not be read is {@code null} in its section and {@code partial} in its provenance — never a made-up zero.
 */
public final class StudioSnapshot {
    public static final String SCHEMA_VERSION = "3.0";
    static final List<String> SECTIONS = List.of("counts", "ops", "finance");

    private StudioSnapshot() {
    }

    /**
     * @param paymentMetrics the keys of the metrics read from the payment source (Stripe or its export), whose read
     *                       time and input hash go under "stripe"; every other metric's go under "firestore"
     */
    public static Map<String, Object> build(LocalDate date, Instant generatedAt, List<MetricReading> readings,
                                            boolean sampleData, Set<String> paymentMetrics) {
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("schemaVersion", SCHEMA_VERSION);
        snapshot.put("snapshotDate", date.toString());
        snapshot.put("generatedAt", generatedAt.toString());
        snapshot.put("derivedFrom", "cloud");
        snapshot.put("sampleData", sampleData);
        snapshot.put("completeness", readings.stream().allMatch(MetricReading::complete) ? "full" : "partial");
        Map<String, Object> cloudSync = new LinkedHashMap<>();
        cloudSync.put("firestoreReadAt", latestReadAt(readings, r -> !paymentMetrics.contains(r.key())));
        cloudSync.put("stripeReadAt", latestReadAt(readings, r -> paymentMetrics.contains(r.key())));
        snapshot.put("cloudSync", cloudSync);
        for (String section : SECTIONS) {
            Map<String, Object> values = new LinkedHashMap<>();
            readings.stream().filter(r -> section(r.key()).equals(section))
                    .forEach(r -> values.put(name(r.key()), r.value()));
            snapshot.put(section, values);
        }
        Map<String, Object> sourceHashes = new LinkedHashMap<>();
        sourceHashes.put("firestore", sourceHash(readings, r -> !paymentMetrics.contains(r.key())));
        sourceHashes.put("stripe", sourceHash(readings, r -> paymentMetrics.contains(r.key())));
        snapshot.put("sourceHashes", sourceHashes);
        Map<String, Object> provenance = new LinkedHashMap<>();
        for (MetricReading r : readings) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("source", r.source());
            p.put("readAt", r.readAt().toString());
            p.put("completeness", r.completeness());
            p.put("warnings", r.warnings());
            provenance.put(r.key(), p);
        }
        snapshot.put("provenance", provenance);
        return snapshot;
    }

    /** The snapshot's identity: the canonical hash of everything in it. */
    public static String hash(Map<String, Object> snapshot) {
        return ContentHash.of(snapshot);
    }

    /** The metric values of a stored snapshot by key ({@code counts.batchesActive}), nulls included. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> values(Map<String, Object> snapshot) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String section : SECTIONS) {
            Object group = snapshot.get(section);
            if (group instanceof Map<?, ?> map) {
                ((Map<String, Object>) map).forEach((name, value) -> values.put(section + "." + name, value));
            }
        }
        return values;
    }

    static String section(String key) {
        return key.substring(0, key.indexOf('.'));
    }

    static String name(String key) {
        return key.substring(key.indexOf('.') + 1);
    }

    private static String latestReadAt(List<MetricReading> readings, Predicate<MetricReading> feed) {
        return readings.stream().filter(feed).filter(MetricReading::complete)
                .map(MetricReading::readAt).max(Comparator.naturalOrder()).map(Instant::toString).orElse(null);
    }

    private static String sourceHash(List<MetricReading> readings, Predicate<MetricReading> feed) {
        List<String> inputs = new ArrayList<>();
        readings.stream().filter(feed).map(MetricReading::inputHash)
                .filter(Objects::nonNull).forEach(inputs::add);
        return inputs.isEmpty() ? null : ContentHash.of(inputs);
    }
}
