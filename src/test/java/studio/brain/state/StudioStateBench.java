package studio.brain.state;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import studio.brain.cloud.CloudDocument;
import studio.brain.cloud.ExportFilePaymentSource;
import studio.brain.cloud.FakeFirestoreHandle;
import studio.brain.cloud.FirestoreDocumentSource;
import studio.brain.cloud.PaymentSource;

/**
 * The whole StudioState snapshot read against a full scan of the same data, through the real Firestore client on
 * the loopback fake, for studios of N documents in each of the six collections the metrics read: time (median of a
 * few runs, after one warm-up) and the reads Firestore would bill (a query one per document returned, an
 * aggregation one per 1,000 index entries matched, at least one).
 *
 * <p>The snapshot is {@code new MetricReader(StudioMetrics.load(policies/studio-metrics.yaml), clock).readAll(…)}
 * with the sample studio's payment records, timed as a whole (the policy file is loaded each time). The scan lists
 * every document of the six collections, one after the other, with all their fields; its documents are counted by
 * hand with the metrics' meaning ({@link SampleStudioScan#expectedDocumentMetrics}), which the snapshot's values
 * must equal. The fake answers from memory, so times show the client's and transport's cost, not Firestore's
 * latency; the billed reads follow Firestore's rules.
 *
 * <p>Run from the project folder: {@code ./mvnw -o -q -DskipTests package test-compile}, then
 * {@code java -cp "target/test-classes:target/classes:target/lib/*" studio.brain.state.StudioStateBench
 * 1000 10000 100000}. It prints one markdown table row per size.
 */
final class StudioStateBench {
    static final Path POLICY = Path.of("policies/studio-metrics.yaml");
    /** The payment metric's window ends at the sample studio's export time, so it reads the sample's payments. */
    static final Instant NOW = SampleStudioScan.EXPORTED_AT;
    static final List<String> COLLECTIONS = List.of("batches", "reservations", "kilnFirings", "communityReports",
            "agentRequests", "materialsOrders");
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Instant SEEDED_AT = Instant.parse("2026-11-20T12:00:00Z");

    // Value mixes, weighted roughly as a busy studio's records are: most work is done, a little is in flight, and
    // some records carry hand-typed casings (all among the four spellings the metrics match) or lack the field.
    private static final String[] BATCH_STATES = {"OPEN", "OPEN", "LOADING", "QUEUED", "FIRING", "READY_FOR_PICKUP",
            "READY_FOR_PICKUP", "CLOSED_PICKED_UP", "CLOSED_PICKED_UP", "CLOSED_PICKED_UP", "CLOSED_PICKED_UP",
            "CLOSED_PICKED_UP", "CLOSED_PICKED_UP", "CLOSED_PICKED_UP", "CLOSED_CANCELLED", "CLOSED_CANCELLED",
            "open", "closed_picked_up", "Closed_cancelled", null};
    private static final String[] RESERVATION_STATUSES = {"REQUESTED", "REQUESTED", "REQUESTED", "CONFIRMED",
            "CONFIRMED", "CONFIRMED", "CONFIRMED", "CANCELLED", "CANCELLED", "COMPLETED", "COMPLETED", "COMPLETED",
            "COMPLETED", "COMPLETED", "COMPLETED", "DECLINED", "CLOSED", "Cancelled", "confirmed", null};
    private static final String[] FIRING_STATUSES = {"queued", "scheduled", "scheduled", "loaded", "firing",
            "cooling", "ready", "done", "done", "done", "done", "done", "done", "done", "done", "cancelled",
            "cancelled", "Done", "CANCELLED", null};
    private static final String[] REPORT_STATUSES = {"open", "open", "open", "triaged", "triaged", "actioned",
            "actioned", "resolved", "resolved", "resolved", "resolved", "resolved", "resolved", "dismissed",
            "dismissed", "dismissed", "dismissed", "Open", "TRIAGED", null};
    private static final String[] REPORT_SEVERITIES = {"low", "low", "low", "low", "medium", "medium", "medium",
            "high", "high", "High", null};
    private static final String[] REQUEST_STATUSES = {"pending", "pending", "pending", "needs_review",
            "needs_review", "awaiting_payment", "approved", "approved", "approved", "approved", "approved",
            "rejected", "rejected", "done", "done", "done", "done", "done", "Pending", null};
    private static final String[] ORDER_STATUSES = {"pending", "pending", "pending", "paid", "paid", "paid", "paid",
            "paid", "paid", "paid", "paid", "cancelled", "cancelled", "fulfilled", "fulfilled", "fulfilled",
            "completed", "completed", "Paid", "CANCELLED"};

    /**
     * One size's measurements.
     *
     * @param documents       documents in each of the six collections
     * @param snapshotQueries aggregation queries one snapshot sent
     * @param readings        the snapshot's readings (of the last run)
     * @param scanned         the document metrics counted by hand over the scanned documents (of the last run)
     */
    record Row(int documents, Duration snapshotTime, long snapshotReads, int snapshotQueries, Duration scanTime,
               long scanReads, List<MetricReading> readings, Map<String, Long> scanned) {

        double readsPercent() {
            return 100.0 * snapshotReads / scanReads;
        }

        /** Every metric read in full, and each document metric as counted over the scan. */
        boolean consistent() {
            return readings.stream().allMatch(MetricReading::complete) && scanned.entrySet().stream()
                    .allMatch(e -> readings.stream().anyMatch(r -> r.key().equals(e.getKey())
                            && e.getValue().equals(r.value())));
        }

        String markdown() {
            return String.format("| %,d | %.0f ms | %,d | %.0f ms | %,d | %.3f %% |", documents,
                    snapshotTime.toNanos() / 1e6, snapshotReads, scanTime.toNanos() / 1e6, scanReads,
                    readsPercent());
        }
    }

    static final String HEADER = "| documents per collection | snapshot time | snapshot billed reads | scan time "
            + "| scan billed reads | reads ratio |\n|---:|---:|---:|---:|---:|---:|";

    private StudioStateBench() {
    }

    static List<Row> run(List<Integer> sizes, int repeats, Path dataDir) {
        PaymentSource payments = ExportFilePaymentSource.sampleStudio(dataDir);
        List<Row> rows = new ArrayList<>();
        for (int size : sizes) {
            try (FakeFirestoreHandle fake = FakeFirestoreHandle.start();
                 FirestoreDocumentSource firestore = fake.client(TIMEOUT)) {
                seed(fake, size);

                snapshot(firestore, payments); // warm-up: channel, class loading, the payment files' cache
                long[] snapshotNanos = new long[repeats];
                long snapshotReads = -1;
                int queries = 0;
                List<MetricReading> readings = List.of();
                for (int run = 0; run < repeats; run++) {
                    fake.reset();
                    long start = System.nanoTime();
                    readings = snapshot(firestore, payments);
                    snapshotNanos[run] = System.nanoTime() - start;
                    snapshotReads = sameEveryRun(snapshotReads, fake.billedReads(), "snapshot");
                    queries = fake.calls("RunAggregationQuery");
                }

                scan(firestore, size); // warm-up
                long[] scanNanos = new long[repeats];
                long scanReads = -1;
                Map<String, List<Map<String, Object>>> scanned = Map.of();
                for (int run = 0; run < repeats; run++) {
                    scanned = Map.of(); // let the previous run's documents go before the next is read
                    fake.reset();
                    long start = System.nanoTime();
                    scanned = scan(firestore, size);
                    scanNanos[run] = System.nanoTime() - start;
                    scanReads = sameEveryRun(scanReads, fake.billedReads(), "scan");
                }
                rows.add(new Row(size, median(snapshotNanos), snapshotReads, queries, median(scanNanos), scanReads,
                        readings, SampleStudioScan.expectedDocumentMetrics(scanned::get)));
            }
        }
        return rows;
    }

    private static List<MetricReading> snapshot(FirestoreDocumentSource firestore, PaymentSource payments) {
        return new MetricReader(StudioMetrics.load(POLICY), Clock.systemUTC())
                .readAll(firestore, payments, NOW, TIMEOUT);
    }

    /** Every document of the six collections with all its fields, by collection. */
    private static Map<String, List<Map<String, Object>>> scan(FirestoreDocumentSource firestore, int size) {
        Map<String, List<Map<String, Object>>> scanned = new LinkedHashMap<>();
        for (String collection : COLLECTIONS) {
            scanned.put(collection, firestore.list(collection, null, size).stream().map(CloudDocument::fields)
                    .toList());
        }
        return scanned;
    }

    private static long sameEveryRun(long before, long now, String what) {
        if (before >= 0 && before != now) {
            throw new IllegalStateException(what + " billed " + now + " reads, an earlier run " + before);
        }
        return now;
    }

    private static Duration median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return Duration.ofNanos(sorted[sorted.length / 2]);
    }

    // ---- the studio

    static void seed(FakeFirestoreHandle fake, int size) {
        fake.seedMany("batches", size, i -> {
            String state = pick(BATCH_STATES, i);
            return fields(
                    "state", state,
                    "ownerUid", i % 211 == 0 ? null : member(i),
                    "kilnId", "OPEN".equalsIgnoreCase(state) ? null : kiln(i), // no kiln while open
                    "firingType", i % 3 == 0 ? "glaze" : "bisque",
                    "pieceCount", (long) (1 + i % 12),
                    "createdAt", SEEDED_AT.minusSeconds(600L * i));
        });
        fake.seedMany("reservations", size, i -> fields(
                "status", pick(RESERVATION_STATUSES, i),
                "ownerUid", member(i),
                "resource", i % 4 == 0 ? "glaze-room" : "wheel-" + (1 + i % 6),
                "startAt", i % 97 == 0 ? null : SEEDED_AT.plusSeconds(3600L * (i % 500) - 3600L * 250),
                "durationMinutes", (long) (60 + 30 * (i % 4)),
                "createdAt", SEEDED_AT.minusSeconds(900L * i)));
        fake.seedMany("kilnFirings", size, i -> fields(
                "status", pick(FIRING_STATUSES, i),
                "kilnId", kiln(i),
                "cone", i % 2 == 0 ? "06" : "6",
                "scheduledAt", SEEDED_AT.minusSeconds(3600L * i)));
        fake.seedMany("communityReports", size, i -> fields(
                "status", pick(REPORT_STATUSES, i),
                "severity", pick(REPORT_SEVERITIES, i / 7), // another stride, so severity and status mix
                "category", i % 3 == 0 ? "spam" : "conduct",
                "targetType", i % 2 == 0 ? "post" : "comment",
                "reporterUid", member(i),
                "createdAt", SEEDED_AT.minusSeconds(1800L * i)));
        fake.seedMany("agentRequests", size, i -> fields(
                "status", pick(REQUEST_STATUSES, i),
                "kind", i % 2 == 0 ? "glaze-recipe" : "kiln-booking",
                "requesterUid", member(i),
                "amountCents", i % 3 == 0 ? (long) (1000 + i % 5000) : null,
                "createdAt", SEEDED_AT.minusSeconds(1200L * i)));
        fake.seedMany("materialsOrders", size, i -> fields(
                "status", pick(ORDER_STATUSES, i),
                "amountCents", i % 50 == 0 ? null : (long) (500 + (37L * i) % 20_000),
                "currency", "usd",
                "memberUid", member(i),
                "createdAt", SEEDED_AT.minusSeconds(2400L * i)));
        fake.reset();
    }

    private static String pick(String[] values, int i) {
        return values[i % values.length];
    }

    private static String member(int i) {
        return String.format("member-%03d", 1 + i % 48);
    }

    private static String kiln(int i) {
        return "kiln-" + (1 + i % 3);
    }

    /** The fields as alternating names and values; a null value leaves the field out. */
    private static Map<String, Object> fields(Object... namesAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return fields;
    }

    public static void main(String... sizes) throws Exception {
        List<Integer> counts = new ArrayList<>();
        for (String size : sizes.length == 0 ? new String[] {"1000", "10000", "100000"} : sizes) {
            counts.add(Integer.parseInt(size.replace("_", "").replace(",", "")));
        }
        Path dataDir = Files.createTempDirectory("studio-state-bench");
        try {
            System.out.println(HEADER);
            for (int size : counts) { // a row as soon as its size is done
                Row row = run(List.of(size), 3, dataDir).get(0);
                System.out.println(row.markdown());
                if (!row.consistent()) {
                    System.out.println("WARNING: at " + size + " the snapshot " + row.readings()
                            + " differs from the scan's counts " + row.scanned());
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
