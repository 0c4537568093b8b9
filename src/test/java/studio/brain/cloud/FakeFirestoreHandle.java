package studio.brain.cloud;

import io.grpc.Status;
import java.time.Duration;

/**
 * The Firestore fake for tests outside this package: starts it, seeds it from another document source (an export,
 * such as the sample studio), hands out real Firestore clients pointed at it, and exposes its delays, failures and
 * read bill.
 */
public final class FakeFirestoreHandle implements AutoCloseable {
    private static final int MAX_SEEDED_PER_COLLECTION = 100_000;

    private final FakeFirestoreServer server;

    private FakeFirestoreHandle(FakeFirestoreServer server) {
        this.server = server;
    }

    public static FakeFirestoreHandle start() {
        return new FakeFirestoreHandle(FakeFirestoreServer.start());
    }

    /** Copies every document of the collections, with their fields as read, then zeroes the read bill. */
    public FakeFirestoreHandle seedFrom(DocumentSource export, String... collections) {
        for (String collection : collections) {
            for (CloudDocument document : export.list(collection, null, MAX_SEEDED_PER_COLLECTION)) {
                server.seed(collection, document.id(), document.fields());
            }
        }
        server.reset();
        return this;
    }

    /** A real Firestore client on the fake; the caller closes it. */
    public FirestoreDocumentSource client(Duration queryTimeout) {
        return FirestoreDocumentSource.forEmulator("demo-studio", server.hostPort(), queryTimeout);
    }

    public FakeFirestoreHandle delay(String collection, Duration delay) {
        server.delay(collection, delay);
        return this;
    }

    public FakeFirestoreHandle fail(String collection, Status.Code code) {
        server.fail(collection, code);
        return this;
    }

    /** Every write a commit applied, in order: "update path" or "delete path". */
    public java.util.List<String> appliedWrites() {
        return server.appliedWrites();
    }

    /** A stored document's fields as plain values, or null when it does not exist. */
    public java.util.Map<String, Object> document(String path) {
        return server.document(path);
    }

    /** Where the fake listens, as FIRESTORE_EMULATOR_HOST names it (host:port). */
    public String hostPort() {
        return server.hostPort();
    }

    public FakeFirestoreHandle seed(String collection, String id, java.util.Map<String, Object> fields) {
        server.seed(collection, id, fields);
        return this;
    }

    /**
     * Seeds {@code count} documents with ids "d000001"…, their fields made by {@code fields} from the index
     * (1 … count); for bulk data, such as benchmarks. The read bill is left as it is.
     */
    public FakeFirestoreHandle seedMany(String collection, int count,
                                        java.util.function.IntFunction<java.util.Map<String, Object>> fields) {
        server.seedMany(collection, count, fields);
        return this;
    }

    public long billedReads() {
        return server.billedReads();
    }

    /** How many times an RPC ("RunQuery", "RunAggregationQuery", "BatchGetDocuments", …) was called. */
    public int calls(String method) {
        return server.calls(method);
    }

    public void reset() {
        server.reset();
    }

    @Override
    public void close() {
        server.close();
    }
}
