package studio.brain.cloud;

import com.google.cloud.firestore.AggregateField;
import com.google.cloud.firestore.AggregateQuerySnapshot;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.Filter;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import studio.brain.cloud.CloudReadException.ErrorKind;

/**
 * The studio's live Firestore database as a read-only {@link DocumentSource}, on the official client.
 *
 * <p>Why each read is shaped as it is:
 * <ul>
 *   <li>{@code count} and {@code sum} are server-side aggregations (RunAggregationQuery): Firestore bills one read per
 *       1,000 index entries instead of one per document, and no document crosses the network.</li>
 *   <li>{@code get} is a document get (BatchGetDocuments): one billed read.</li>
 *   <li>{@code list} is a query with a projection, ordered by document id and limited (RunQuery), so the answer is
 *       stable from call to call and bounded in size and cost.</li>
 * </ul>
 * Every call waits at most the per-query timeout; past it the call is cancelled and a {@link CloudReadException} of
 * kind TIMEOUT is thrown, so a slow cloud never stalls a route. The client's own retries are bounded by the same
 * limit and a few attempts, so that a persistent outage surfaces as UNAVAILABLE rather than being retried for minutes.
 */
public final class FirestoreDocumentSource implements DocumentSource, AutoCloseable {

    public static final String EMULATOR_HOST_VARIABLE = FirestoreClients.EMULATOR_HOST_VARIABLE;

    /** Attempts per call, the first one included: enough to ride over a blip, few enough to fail fast. */
    private static final int MAX_ATTEMPTS = 3;

    private final Firestore firestore;
    private final Duration queryTimeout;
    private final boolean emulator;
    private final AtomicBoolean closed = new AtomicBoolean();
    // ListDocuments pages lazily behind a blocking Iterable: it is walked on this thread so the timeout still holds.
    private final ExecutorService listingExecutor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "firestore-list-documents");
        t.setDaemon(true);
        return t;
    });

    FirestoreDocumentSource(Firestore firestore, Duration queryTimeout, boolean emulator) {
        this.firestore = Objects.requireNonNull(firestore, "firestore");
        this.queryTimeout = requirePositive(queryTimeout);
        this.emulator = emulator;
    }

    /**
     * Connects to the project's default database. With {@value #EMULATOR_HOST_VARIABLE} set in {@code env} the client
     * talks plaintext to that emulator with no credentials; otherwise it uses Google application-default credentials
     * (GOOGLE_APPLICATION_CREDENTIALS, gcloud's login, or the metadata server where the hub runs on Google Cloud).
     *
     * @throws CloudReadException AUTH when no credentials can be found, BAD_REQUEST for a blank project id
     */
    public static FirestoreDocumentSource connect(String projectId, Duration queryTimeout, Map<String, String> env) {
        return new FirestoreDocumentSource(FirestoreClients.open(projectId, requirePositive(queryTimeout), MAX_ATTEMPTS,
                env), queryTimeout, FirestoreClients.emulator(env));
    }

    /** A source on an emulator or fake at {@code host:port}: plaintext, no credentials. Used by connect and tests. */
    static FirestoreDocumentSource forEmulator(String projectId, String hostPort, Duration queryTimeout) {
        return connect(projectId, queryTimeout, Map.of(EMULATOR_HOST_VARIABLE, hostPort));
    }

    private static Duration requirePositive(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the query timeout must be a positive duration");
        }
        return timeout;
    }

    @Override
    public String kind() {
        return "firestore";
    }

    @Override
    public boolean sampleData() {
        return false;
    }

    /** True when this source talks to an emulator (or a test fake) rather than Google's service. */
    public boolean emulator() {
        return emulator;
    }

    public Duration queryTimeout() {
        return queryTimeout;
    }

    @Override
    public long count(String collection, List<FieldFilter> filters) {
        String operation = "firestore count on '" + collection + "'";
        Query query = filtered(collection, filters, operation);
        AggregateQuerySnapshot snapshot = await(query.count().get(), operation);
        return snapshot.getCount();
    }

    @Override
    public double sum(String collection, String field, List<FieldFilter> filters) {
        String operation = "firestore sum of '" + field + "' on '" + collection + "'";
        if (field == null || field.isBlank()) {
            throw new CloudReadException(ErrorKind.BAD_REQUEST, operation + " failed: no field to sum");
        }
        Query query = filtered(collection, filters, operation);
        AggregateField.SumAggregateField sum = AggregateField.sum(field);
        AggregateQuerySnapshot snapshot;
        try {
            snapshot = await(query.aggregate(sum).get(), operation);
        } catch (IllegalArgumentException e) {
            throw FirestoreErrors.map(e, operation);
        }
        // Firestore answers an integer when every summed value was an integer, a double otherwise.
        Double value = snapshot.getDouble(sum);
        return value == null ? 0.0 : value;
    }

    @Override
    public Optional<CloudDocument> get(String documentPath) {
        String operation = "firestore get of '" + documentPath + "'";
        DocumentReference ref;
        try {
            ref = firestore.document(requirePath(documentPath, operation));
        } catch (IllegalArgumentException e) {
            throw FirestoreErrors.map(e, operation);
        }
        DocumentSnapshot snapshot = await(ref.get(), operation);
        return snapshot.exists() ? Optional.of(toDocument(snapshot)) : Optional.empty();
    }

    /**
     * Up to {@code limit} documents ordered by id with only {@code fields}. An empty (or null) {@code fields} list
     * means no projection: all fields are read.
     */
    @Override
    public List<CloudDocument> list(String collection, List<String> fields, int limit) {
        String operation = "firestore list of '" + collection + "'";
        if (limit <= 0) {
            throw new CloudReadException(ErrorKind.BAD_REQUEST, operation + " failed: the limit must be positive");
        }
        Query query;
        try {
            query = collection(collection, operation);
            if (fields != null && !fields.isEmpty()) {
                query = query.select(fields.toArray(String[]::new));
            }
            query = query.orderBy(FieldPath.documentId()).limit(limit);
        } catch (IllegalArgumentException e) {
            throw FirestoreErrors.map(e, operation);
        }
        List<CloudDocument> documents = new ArrayList<>();
        for (QueryDocumentSnapshot snapshot : await(query.get(), operation).getDocuments()) {
            documents.add(toDocument(snapshot));
        }
        return documents;
    }

    /**
     * Paths of the collection's documents by the ListDocuments call, at most {@code max}; unlike a query this also
     * names "missing" documents, ones that hold only subcollections. Reads no fields.
     */
    public List<String> listDocumentPaths(String collection, int max) {
        String operation = "firestore listDocuments of '" + collection + "'";
        if (max <= 0) {
            throw new CloudReadException(ErrorKind.BAD_REQUEST, operation + " failed: the maximum must be positive");
        }
        CollectionReference ref = collection(collection, operation);
        Future<List<String>> walk = listingExecutor.submit(() -> {
            List<String> paths = new ArrayList<>();
            for (DocumentReference doc : ref.listDocuments()) {
                paths.add(doc.getPath());
                if (paths.size() >= max) {
                    break;
                }
            }
            return paths;
        });
        return await(walk, operation);
    }

    private Query filtered(String collection, List<FieldFilter> filters, String operation) {
        try {
            Query query = collection(collection, operation);
            for (FieldFilter filter : filters == null ? List.<FieldFilter>of() : filters) {
                query = query.where(toClientFilter(filter));
            }
            return query;
        } catch (IllegalArgumentException e) {
            throw FirestoreErrors.map(e, operation);
        }
    }

    private CollectionReference collection(String collection, String operation) {
        try {
            return firestore.collection(requirePath(collection, operation));
        } catch (IllegalArgumentException e) {
            throw FirestoreErrors.map(e, operation);
        }
    }

    private static String requirePath(String path, String operation) {
        if (path == null || path.isBlank() || path.startsWith("/") || path.endsWith("/") || path.contains("//")) {
            throw new CloudReadException(ErrorKind.BAD_REQUEST, operation + " failed: not a valid path");
        }
        return path;
    }

    static Filter toClientFilter(FieldFilter filter) {
        String field = filter.field();
        List<Object> values = new ArrayList<>(filter.values().size());
        filter.values().forEach(v -> values.add(FirestoreValues.toClient(v)));
        Object single = values.get(0);
        return switch (filter.op()) {
            case EQUAL -> Filter.equalTo(field, single);
            case NOT_EQUAL -> Filter.notEqualTo(field, single);
            case IN -> Filter.inArray(field, values);
            case NOT_IN -> Filter.notInArray(field, values);
            case LESS_THAN -> Filter.lessThan(field, single);
            case LESS_OR_EQUAL -> Filter.lessThanOrEqualTo(field, single);
            case GREATER_THAN -> Filter.greaterThan(field, single);
            case GREATER_OR_EQUAL -> Filter.greaterThanOrEqualTo(field, single);
        };
    }

    private static CloudDocument toDocument(DocumentSnapshot snapshot) {
        return new CloudDocument(snapshot.getReference().getPath(), FirestoreValues.toPlainMap(snapshot.getData()),
                FirestoreValues.toInstant(snapshot.getUpdateTime()));
    }

    /** Waits for one call within the per-query timeout; past it the call is cancelled and TIMEOUT thrown. */
    private <T> T await(Future<T> future, String operation) {
        try {
            return future.get(queryTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw FirestoreErrors.timeout(operation, queryTimeout);
        } catch (ExecutionException e) {
            throw FirestoreErrors.map(e.getCause() != null ? e.getCause() : e, operation);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new CloudReadException(ErrorKind.UNKNOWN, operation + " failed: interrupted", e);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        listingExecutor.shutdownNow();
        try {
            firestore.close();
        } catch (Exception e) {
            // Closing releases channels and threads; a failure here leaves nothing for the caller to do.
            firestore.shutdownNow();
        }
    }
}
