package studio.brain.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The expected numbers, worked out without the code under test: every JSON file of the bundled sample studio is
 * read and the metric's meaning applied by hand, case-insensitively (the sample's odd casings, such as
 * {@code closed_picked_up} or {@code Paid}, are all among the four spellings the metrics match).
 */
final class SampleStudioScan {
    static final Path ROOT = Path.of("src/main/resources/sample-studio");
    static final Instant EXPORTED_AT = Instant.parse("2026-11-20T18:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private SampleStudioScan() {
    }

    static List<Map<String, Object>> records(String folder) {
        try (Stream<Path> files = Files.list(ROOT.resolve(folder))) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().map(SampleStudioScan::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long count(String folder, Predicate<Map<String, Object>> predicate) {
        return records(folder).stream().filter(predicate).count();
    }

    static String upper(Map<String, Object> record, String field) {
        Object value = record.get(field);
        return value instanceof String text ? text.toUpperCase(Locale.ROOT) : null;
    }

    static boolean isOneOf(Map<String, Object> record, String field, String... values) {
        String value = upper(record, field);
        return value != null && Set.of(values).stream().anyMatch(v -> v.toUpperCase(Locale.ROOT).equals(value));
    }

    /** Every expected metric of the policy file over the sample studio, now being the export time. */
    static Map<String, Long> expected() {
        long createdFrom = EXPORTED_AT.minusSeconds(30L * 24 * 3600).getEpochSecond();
        long createdTo = EXPORTED_AT.getEpochSecond();
        Map<String, Long> expected = new LinkedHashMap<>(expectedDocumentMetrics(SampleStudioScan::records));
        expected.put("finance.unsettledPayments", count("stripe/payment_intents", r -> {
            long created = ((Number) r.get("created")).longValue();
            return created >= createdFrom && created < createdTo && !isOneOf(r, "status", "succeeded", "canceled");
        }));
        return Map.copyOf(expected);
    }

    /** The expected document metrics of the policy file over any records, given by collection. */
    static Map<String, Long> expectedDocumentMetrics(Function<String, List<Map<String, Object>>> records) {
        return Map.of(
                "counts.batchesActive", count(records.apply("batches"),
                        r -> upper(r, "state") == null || !upper(r, "state").startsWith("CLOSED_")),
                "counts.batchesClosed", count(records.apply("batches"),
                        r -> upper(r, "state") != null && upper(r, "state").startsWith("CLOSED_")),
                "counts.reservationsOpen", count(records.apply("reservations"),
                        r -> !isOneOf(r, "status", "CANCELLED", "COMPLETED", "DECLINED", "CLOSED")),
                "counts.firingsScheduled", count(records.apply("kilnFirings"),
                        r -> isOneOf(r, "status", "queued", "scheduled", "loaded", "firing", "cooling", "ready")),
                "counts.reportsOpen", count(records.apply("communityReports"),
                        r -> isOneOf(r, "status", "open", "triaged", "actioned")),
                "ops.agentRequestsPending", count(records.apply("agentRequests"),
                        r -> isOneOf(r, "status", "pending", "needs_review", "awaiting_payment")),
                "ops.highSeverityReports", count(records.apply("communityReports"),
                        r -> isOneOf(r, "severity", "high") && isOneOf(r, "status", "open", "triaged", "actioned")),
                "finance.pendingOrders", count(records.apply("materialsOrders"),
                        r -> !isOneOf(r, "status", "paid", "cancelled", "fulfilled", "completed")));
    }

    private static long count(List<Map<String, Object>> records, Predicate<Map<String, Object>> predicate) {
        return records.stream().filter(predicate).count();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(Path file) {
        try {
            return JSON.readValue(file.toFile(), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
