package studio.brain.cloud;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Server-side count versus a full scan, through the real client against the loopback fake: time (median of a few
 * runs, after a warm-up) and billed reads. The fake answers from memory, so times show the client and transport
 * cost of moving documents, not Firestore's latency; the billed reads are Firestore's rules.
 *
 * <p>Run: {@code java -cp "target/test-classes:target/classes:target/lib/*" studio.brain.cloud.FirestoreCountBench
 * 1000 10000 100000} (after {@code ./mvnw -o -DskipTests package test-compile}).
 */
final class FirestoreCountBench {

    record Row(int documents, Duration countTime, long countReads, Duration scanTime, long scanReads) {
        @Override
        public String toString() {
            return String.format("%,9d docs  count %8.2f ms %6d reads   full scan %9.2f ms %8d reads",
                    documents, countTime.toNanos() / 1e6, countReads, scanTime.toNanos() / 1e6, scanReads);
        }
    }

    private FirestoreCountBench() {
    }

    static List<Row> run(List<Integer> sizes, int repeats) {
        List<Row> rows = new ArrayList<>();
        for (int size : sizes) {
            try (FakeFirestoreServer fake = FakeFirestoreServer.start();
                 FirestoreDocumentSource source = FirestoreDocumentSource.forEmulator("bench-studio",
                         fake.hostPort(), Duration.ofMinutes(2))) {
                fake.seedMany("pieces", size, i -> Map.of("status", i % 3 == 0 ? "glazed" : "bisque",
                        "weightGrams", (long) (400 + i % 900)));
                source.count("pieces", List.of()); // warm-up: channel, class loading
                source.list("pieces", List.of(), 1);

                fake.reset();
                Duration countTime = median(repeats, () -> source.count("pieces", List.of()));
                long countReads = fake.billedReads() / repeats;

                fake.reset();
                Duration scanTime = median(repeats, () -> source.list("pieces", List.of(), size).size());
                long scanReads = fake.billedReads() / repeats;
                rows.add(new Row(size, countTime, countReads, scanTime, scanReads));
            }
        }
        return rows;
    }

    private static Duration median(int repeats, Runnable call) {
        long[] nanos = new long[repeats];
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            call.run();
            nanos[i] = System.nanoTime() - start;
        }
        java.util.Arrays.sort(nanos);
        return Duration.ofNanos(nanos[repeats / 2]);
    }

    public static void main(String[] args) {
        List<Integer> sizes = new ArrayList<>();
        for (String arg : args.length == 0 ? new String[] {"1000", "10000", "100000"} : args) {
            sizes.add(Integer.parseInt(arg));
        }
        run(sizes, 3).forEach(System.out::println);
    }
}
