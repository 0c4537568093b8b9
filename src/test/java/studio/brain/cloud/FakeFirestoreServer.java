package studio.brain.cloud;

import com.google.firestore.v1.AggregationResult;
import com.google.firestore.v1.BatchGetDocumentsRequest;
import com.google.firestore.v1.CommitRequest;
import com.google.firestore.v1.CommitResponse;
import com.google.firestore.v1.Precondition;
import com.google.firestore.v1.Write;
import com.google.firestore.v1.WriteResult;
import com.google.firestore.v1.BatchGetDocumentsResponse;
import com.google.firestore.v1.Document;
import com.google.firestore.v1.ListDocumentsRequest;
import com.google.firestore.v1.ListDocumentsResponse;
import com.google.firestore.v1.RunAggregationQueryRequest;
import com.google.firestore.v1.RunAggregationQueryResponse;
import com.google.firestore.v1.RunQueryRequest;
import com.google.firestore.v1.RunQueryResponse;
import com.google.firestore.v1.StructuredAggregationQuery.Aggregation;
import com.google.firestore.v1.StructuredQuery;
import com.google.firestore.v1.Value;
import com.google.protobuf.Message;
import com.google.protobuf.NullValue;
import com.google.protobuf.Timestamp;
import io.grpc.Context;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A Firestore v1 gRPC service on a loopback port, for tests that drive the real client: point the client at it
 * through {@code FIRESTORE_EMULATOR_HOST=} {@link #hostPort()}, just as one would the Firestore emulator.
 *
 * <p>It answers RunQuery, RunAggregationQuery (count, sum, avg), BatchGetDocuments and ListDocuments over documents
 * seeded by the test, and bills reads as Firestore does: a query one read per returned document (at least one), an
 * aggregation one read per 1,000 index entries matched (rounded up, at least one), a get one per document asked for.
 * It can delay or fail one collection's answers to test time limits and error mapping. Commit applies document
 * writes (set, create with "must not exist", delete) with their preconditions, atomically, and keeps a log of the
 * writes it applied, so a test can count what reached "Firestore".
 *
 * <p>The service is registered by hand from method descriptors and the client's proto messages, because the
 * generated service base class is not in the artifacts this build can resolve.
 */
final class FakeFirestoreServer implements AutoCloseable {

    static final String SERVICE = "google.firestore.v1.Firestore";
    /** The key that makes a delay or failure apply to every collection. */
    static final String ANY_COLLECTION = "*";

    private final ConcurrentSkipListMap<String, FakeFirestoreQueries.Doc> documents = new ConcurrentSkipListMap<>();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    private final Map<String, Status.Code> failures = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final AtomicLong billedReads = new AtomicLong();
    private final List<String> appliedWrites = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicLong clock = new AtomicLong(Instant.parse("2026-01-05T09:00:00Z").toEpochMilli() * 1000);
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-firestore");
        t.setDaemon(true);
        return t;
    });
    private Server server;

    private FakeFirestoreServer() {
    }

    /** Starts on 127.0.0.1 at a free port. */
    static FakeFirestoreServer start() {
        FakeFirestoreServer fake = new FakeFirestoreServer();
        ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
                .addMethod(streaming("RunQuery", RunQueryRequest.getDefaultInstance(),
                                RunQueryResponse.getDefaultInstance()),
                        ServerCalls.asyncServerStreamingCall(fake::runQuery))
                .addMethod(streaming("RunAggregationQuery", RunAggregationQueryRequest.getDefaultInstance(),
                                RunAggregationQueryResponse.getDefaultInstance()),
                        ServerCalls.asyncServerStreamingCall(fake::runAggregation))
                .addMethod(streaming("BatchGetDocuments", BatchGetDocumentsRequest.getDefaultInstance(),
                                BatchGetDocumentsResponse.getDefaultInstance()),
                        ServerCalls.asyncServerStreamingCall(fake::batchGet))
                .addMethod(unary("ListDocuments", ListDocumentsRequest.getDefaultInstance(),
                                ListDocumentsResponse.getDefaultInstance()),
                        ServerCalls.asyncUnaryCall(fake::listDocuments))
                .addMethod(unary("Commit", CommitRequest.getDefaultInstance(), CommitResponse.getDefaultInstance()),
                        ServerCalls.asyncUnaryCall(fake::commit))
                .build();
        try {
            fake.server = NettyServerBuilder
                    .forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .executor(fake.executor)
                    .addService(service)
                    .build()
                    .start();
            return fake;
        } catch (IOException e) {
            fake.executor.shutdownNow();
            throw new UncheckedIOException(e);
        }
    }

    // ---- what tests use

    /** "127.0.0.1:port", the value for FIRESTORE_EMULATOR_HOST. */
    String hostPort() {
        return "127.0.0.1:" + server.getPort();
    }

    /** Stores (or replaces) a document; {@code collection} may be nested ("studios/s1/kilns"). */
    FakeFirestoreServer seed(String collection, String id, Map<String, Object> fields) {
        Map<String, Value> values = new java.util.LinkedHashMap<>();
        fields.forEach((k, v) -> values.put(k, FakeFirestoreValues.of(v)));
        Timestamp now = tick();
        String path = collection + "/" + id;
        FakeFirestoreQueries.Doc old = documents.get(path);
        documents.put(path, new FakeFirestoreQueries.Doc(path, Map.copyOf(values),
                old != null ? old.createTime() : now, now));
        return this;
    }

    /** Seeds {@code count} documents with ids "d000001"…, fields made by {@code fields} from the index. */
    FakeFirestoreServer seedMany(String collection, int count, IntFunction<Map<String, Object>> fields) {
        for (int i = 1; i <= count; i++) {
            seed(collection, String.format("d%06d", i), fields.apply(i));
        }
        return this;
    }

    /** Makes every answer touching the collection (id or path, or {@link #ANY_COLLECTION}) wait first. */
    FakeFirestoreServer delay(String collection, Duration delay) {
        delays.put(collection, delay);
        return this;
    }

    /** Makes every request touching the collection fail with the status code. */
    FakeFirestoreServer fail(String collection, Status.Code code) {
        failures.put(collection, code);
        return this;
    }

    long billedReads() {
        return billedReads.get();
    }

    /** How many times an RPC ("RunQuery", "RunAggregationQuery", …) was called. */
    int calls(String method) {
        AtomicInteger n = calls.get(method);
        return n == null ? 0 : n.get();
    }

    /** Zeroes the read bill and call counts and lifts delays and failures; the documents stay. */
    void reset() {
        billedReads.set(0);
        calls.clear();
        delays.clear();
        failures.clear();
    }

    @Override
    public void close() {
        server.shutdownNow();
        executor.shutdownNow(); // interrupts delayed answers
    }

    // ---- the RPCs

    private void runQuery(RunQueryRequest request, StreamObserver<RunQueryResponse> out) {
        StructuredQuery query = request.getStructuredQuery();
        if (!admitted("RunQuery", collectionPaths(request.getParent(), query), out)) {
            return;
        }
        List<FakeFirestoreQueries.Doc> result;
        try {
            result = FakeFirestoreQueries.run(query, candidates(request.getParent(), query));
        } catch (UnsupportedOperationException e) {
            out.onError(Status.UNIMPLEMENTED.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        billedReads.addAndGet(Math.max(1, result.size()));
        String root = databaseRoot(request.getParent());
        Timestamp readTime = tick();
        List<String> mask = query.hasSelect()
                ? query.getSelect().getFieldsList().stream().map(StructuredQuery.FieldReference::getFieldPath).toList()
                : null;
        for (FakeFirestoreQueries.Doc doc : result) {
            out.onNext(RunQueryResponse.newBuilder().setDocument(toProto(root, doc, mask)).setReadTime(readTime).build());
        }
        out.onNext(RunQueryResponse.newBuilder().setReadTime(readTime).setDone(true).build());
        out.onCompleted();
    }

    private void runAggregation(RunAggregationQueryRequest request, StreamObserver<RunAggregationQueryResponse> out) {
        StructuredQuery query = request.getStructuredAggregationQuery().getStructuredQuery();
        if (!admitted("RunAggregationQuery", collectionPaths(request.getParent(), query), out)) {
            return;
        }
        List<FakeFirestoreQueries.Doc> matched;
        try {
            matched = FakeFirestoreQueries.run(query, candidates(request.getParent(), query));
        } catch (UnsupportedOperationException e) {
            out.onError(Status.UNIMPLEMENTED.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        AggregationResult.Builder result = AggregationResult.newBuilder();
        for (Aggregation aggregation : request.getStructuredAggregationQuery().getAggregationsList()) {
            result.putAggregateFields(aggregation.getAlias(), aggregate(aggregation, matched));
        }
        // Firestore bills an aggregation by index entries read: one read per 1,000, at least one.
        billedReads.addAndGet(Math.max(1, (matched.size() + 999) / 1000));
        out.onNext(RunAggregationQueryResponse.newBuilder().setResult(result).setReadTime(tick()).build());
        out.onCompleted();
    }

    private static Value aggregate(Aggregation aggregation, List<FakeFirestoreQueries.Doc> matched) {
        switch (aggregation.getOperatorCase()) {
            case COUNT -> {
                long n = matched.size();
                if (aggregation.getCount().hasUpTo()) {
                    n = Math.min(n, aggregation.getCount().getUpTo().getValue());
                }
                return Value.newBuilder().setIntegerValue(n).build();
            }
            case SUM, AVG -> {
                String path = aggregation.hasSum() ? aggregation.getSum().getField().getFieldPath()
                        : aggregation.getAvg().getField().getFieldPath();
                long longSum = 0;
                double doubleSum = 0;
                boolean integral = true;
                int n = 0;
                for (FakeFirestoreQueries.Doc doc : matched) {
                    Value v = FakeFirestoreQueries.field(doc, path);
                    if (v == null || !FakeFirestoreValues.isNumber(v)) {
                        continue; // Firestore skips missing and non-numeric values
                    }
                    n++;
                    if (v.hasIntegerValue() && integral) {
                        try {
                            longSum = Math.addExact(longSum, v.getIntegerValue());
                            continue;
                        } catch (ArithmeticException overflow) {
                            integral = false;
                            doubleSum = (double) longSum;
                            doubleSum += v.getIntegerValue();
                            continue;
                        }
                    }
                    if (integral) {
                        integral = false;
                        doubleSum = longSum;
                    }
                    doubleSum += v.hasIntegerValue() ? v.getIntegerValue() : v.getDoubleValue();
                }
                if (aggregation.hasAvg()) {
                    return n == 0 ? Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build()
                            : Value.newBuilder().setDoubleValue((integral ? longSum : doubleSum) / n).build();
                }
                return integral ? Value.newBuilder().setIntegerValue(longSum).build()
                        : Value.newBuilder().setDoubleValue(doubleSum).build();
            }
            default -> throw Status.UNIMPLEMENTED.withDescription("aggregation").asRuntimeException();
        }
    }

    private void batchGet(BatchGetDocumentsRequest request, StreamObserver<BatchGetDocumentsResponse> out) {
        Set<String> collections = new HashSet<>();
        for (String name : request.getDocumentsList()) {
            String path = relative(name);
            collections.add(path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : path);
        }
        if (!admitted("BatchGetDocuments", collections, out)) {
            return;
        }
        List<String> mask = request.hasMask() ? request.getMask().getFieldPathsList() : null;
        Timestamp readTime = tick();
        for (String name : request.getDocumentsList()) {
            billedReads.incrementAndGet(); // a get of a missing document is billed too
            FakeFirestoreQueries.Doc doc = documents.get(relative(name));
            BatchGetDocumentsResponse.Builder answer = BatchGetDocumentsResponse.newBuilder().setReadTime(readTime);
            if (doc == null) {
                answer.setMissing(name);
            } else {
                answer.setFound(toProto(databaseRoot(name), doc, mask));
            }
            out.onNext(answer.build());
        }
        out.onCompleted();
    }

    private void listDocuments(ListDocumentsRequest request, StreamObserver<ListDocumentsResponse> out) {
        String parent = relative(request.getParent());
        String collection = parent.isEmpty() ? request.getCollectionId() : parent + "/" + request.getCollectionId();
        if (!admitted("ListDocuments", Set.of(collection), out)) {
            return;
        }
        // Documents of the collection, and (with show_missing) ids that hold only subcollections.
        ConcurrentSkipListMap<String, FakeFirestoreQueries.Doc> listed = new ConcurrentSkipListMap<>(
                FakeFirestoreValues::compareStrings);
        String prefix = collection + "/";
        for (FakeFirestoreQueries.Doc doc : documents.tailMap(prefix).values()) {
            if (!doc.path().startsWith(prefix)) {
                break;
            }
            String rest = doc.path().substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash < 0) {
                listed.put(rest, doc);
            } else if (request.getShowMissing()) {
                String id = rest.substring(0, slash);
                listed.putIfAbsent(id, new FakeFirestoreQueries.Doc(prefix + id, Map.of(), null, null));
            }
        }
        List<FakeFirestoreQueries.Doc> all = new ArrayList<>(listed.values());
        int from = request.getPageToken().isEmpty() ? 0 : Integer.parseInt(request.getPageToken());
        int size = request.getPageSize() > 0 ? request.getPageSize() : 300;
        int to = Math.min(all.size(), from + size);
        List<String> mask = request.hasMask() ? request.getMask().getFieldPathsList() : null;
        String root = databaseRoot(request.getParent());
        ListDocumentsResponse.Builder answer = ListDocumentsResponse.newBuilder();
        for (FakeFirestoreQueries.Doc doc : all.subList(Math.min(from, to), to)) {
            answer.addDocuments(toProto(root, doc, mask));
        }
        if (to < all.size()) {
            answer.setNextPageToken(Integer.toString(to));
        }
        billedReads.addAndGet(Math.max(1, to - Math.min(from, to)));
        out.onNext(answer.build());
        out.onCompleted();
    }

    /** Commit: every write's precondition is checked first, then all are applied, or none (as in Firestore). */
    private void commit(CommitRequest request, StreamObserver<CommitResponse> out) {
        Set<String> collections = new HashSet<>();
        for (Write write : request.getWritesList()) {
            String path = relative(write.hasUpdate() ? write.getUpdate().getName() : write.getDelete());
            collections.add(path.substring(0, path.lastIndexOf('/')));
        }
        if (!admitted("Commit", collections, out)) {
            return;
        }
        synchronized (documents) {
            for (Write write : request.getWritesList()) {
                String path = relative(write.hasUpdate() ? write.getUpdate().getName() : write.getDelete());
                FakeFirestoreQueries.Doc existing = documents.get(path);
                if (write.hasCurrentDocument()) {
                    Precondition pre = write.getCurrentDocument();
                    if (pre.hasExists() && pre.getExists() != (existing != null)) {
                        out.onError((pre.getExists() ? Status.NOT_FOUND : Status.ALREADY_EXISTS)
                                .withDescription("precondition on " + path).asRuntimeException());
                        return;
                    }
                    if (pre.hasUpdateTime() && (existing == null || !pre.getUpdateTime().equals(existing.updateTime()))) {
                        out.onError(Status.FAILED_PRECONDITION.withDescription("the document changed")
                                .asRuntimeException());
                        return;
                    }
                }
            }
            Timestamp now = tick();
            CommitResponse.Builder answer = CommitResponse.newBuilder().setCommitTime(now);
            for (Write write : request.getWritesList()) {
                if (write.hasUpdate()) {
                    String path = relative(write.getUpdate().getName());
                    FakeFirestoreQueries.Doc old = documents.get(path);
                    documents.put(path, new FakeFirestoreQueries.Doc(path, Map.copyOf(write.getUpdate().getFieldsMap()),
                            old != null ? old.createTime() : now, now));
                    appliedWrites.add("update " + path);
                } else {
                    String path = relative(write.getDelete());
                    documents.remove(path);
                    appliedWrites.add("delete " + path);
                }
                answer.addWriteResults(WriteResult.newBuilder().setUpdateTime(now));
            }
            out.onNext(answer.build());
            out.onCompleted();
        }
    }

    /** Every write a commit applied, in order: "update path" or "delete path". */
    List<String> appliedWrites() {
        return List.copyOf(appliedWrites);
    }

    /** A stored document's fields as plain values, or null when it does not exist. */
    Map<String, Object> document(String path) {
        FakeFirestoreQueries.Doc doc = documents.get(path);
        if (doc == null) {
            return null;
        }
        Map<String, Object> plain = new java.util.TreeMap<>();
        doc.fields().forEach((k, v) -> plain.put(k, FakeFirestoreValues.plain(v)));
        return plain;
    }

    // ---- helpers

    /** Counts the call, then applies a configured delay and failure; false when the call was failed or cancelled. */
    private boolean admitted(String method, Set<String> collectionPaths, StreamObserver<?> out) {
        calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
        Duration delay = lookup(delays, collectionPaths);
        if (delay != null) {
            long until = System.nanoTime() + delay.toNanos();
            while (System.nanoTime() < until) {
                if (Context.current().isCancelled()) {
                    return false; // the client gave up: answer nothing, bill nothing
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        Status.Code failure = lookup(failures, collectionPaths);
        if (failure != null) {
            out.onError(Status.fromCode(failure).withDescription("fake failure").asRuntimeException());
            return false;
        }
        return true;
    }

    private static <T> T lookup(Map<String, T> rules, Set<String> collectionPaths) {
        for (String path : collectionPaths) {
            T rule = rules.get(path);
            if (rule == null) {
                rule = rules.get(path.substring(path.lastIndexOf('/') + 1));
            }
            if (rule != null) {
                return rule;
            }
        }
        return rules.get(ANY_COLLECTION);
    }

    private static Set<String> collectionPaths(String parent, StructuredQuery query) {
        Set<String> paths = new HashSet<>();
        String base = relative(parent);
        for (StructuredQuery.CollectionSelector from : query.getFromList()) {
            paths.add(base.isEmpty() ? from.getCollectionId() : base + "/" + from.getCollectionId());
        }
        return paths;
    }

    private List<FakeFirestoreQueries.Doc> candidates(String parent, StructuredQuery query) {
        String base = relative(parent);
        List<FakeFirestoreQueries.Doc> out = new ArrayList<>();
        for (StructuredQuery.CollectionSelector from : query.getFromList()) {
            // Paths are sorted, so a plain collection's documents are one range of keys: only a collection-group
            // query needs to look at everything.
            String collection = base.isEmpty() ? from.getCollectionId() : base + "/" + from.getCollectionId();
            Iterable<FakeFirestoreQueries.Doc> scope = from.getAllDescendants() ? documents.values()
                    : documents.subMap(collection + "/", collection + "/\uffff").values();
            for (FakeFirestoreQueries.Doc doc : scope) {
                boolean inCollection = from.getAllDescendants()
                        ? (base.isEmpty() || doc.path().startsWith(base + "/"))
                                && doc.collectionPath().endsWith(from.getCollectionId())
                                && (doc.collectionPath().equals(from.getCollectionId())
                                        || doc.collectionPath().endsWith("/" + from.getCollectionId()))
                        : doc.collectionPath().equals(base.isEmpty() ? from.getCollectionId()
                                : base + "/" + from.getCollectionId());
                if (inCollection) {
                    out.add(doc);
                }
            }
        }
        return out;
    }

    private static Document toProto(String root, FakeFirestoreQueries.Doc doc, List<String> mask) {
        Document.Builder d = Document.newBuilder().setName(root + "/" + doc.path())
                .putAllFields(mask == null ? doc.fields() : FakeFirestoreQueries.project(doc, mask));
        if (doc.createTime() != null) {
            d.setCreateTime(doc.createTime()).setUpdateTime(doc.updateTime());
        }
        return d.build();
    }

    /** "projects/p/databases/d/documents/a/b" → "a/b"; the root itself → "". */
    private static String relative(String name) {
        int at = name.indexOf("/documents");
        String rest = at < 0 ? name : name.substring(at + "/documents".length());
        return rest.startsWith("/") ? rest.substring(1) : rest;
    }

    private static String databaseRoot(String name) {
        int at = name.indexOf("/documents");
        return (at < 0 ? name : name.substring(0, at)) + "/documents";
    }

    /** Microsecond-precision, strictly increasing timestamps, like Firestore's. */
    private Timestamp tick() {
        long micros = clock.addAndGet(1);
        return Timestamp.newBuilder().setSeconds(micros / 1_000_000).setNanos((int) (micros % 1_000_000) * 1000)
                .build();
    }

    private static <Q extends Message, R extends Message> MethodDescriptor<Q, R> streaming(String name, Q request,
                                                                                          R response) {
        return descriptor(MethodDescriptor.MethodType.SERVER_STREAMING, name, request, response);
    }

    private static <Q extends Message, R extends Message> MethodDescriptor<Q, R> unary(String name, Q request,
                                                                                      R response) {
        return descriptor(MethodDescriptor.MethodType.UNARY, name, request, response);
    }

    private static <Q extends Message, R extends Message> MethodDescriptor<Q, R> descriptor(
            MethodDescriptor.MethodType type, String name, Q request, R response) {
        return MethodDescriptor.<Q, R>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
                .setRequestMarshaller(ProtoUtils.marshaller(request))
                .setResponseMarshaller(ProtoUtils.marshaller(response))
                .build();
    }
}
