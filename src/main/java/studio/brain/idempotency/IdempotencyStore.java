package studio.brain.idempotency;

import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import javax.sql.DataSource;
import studio.brain.hash.CanonicalJson;
import studio.brain.hash.ContentHash;

/**
 * The {@code Idempotency-Key} contract of Stripe's API, kept in PostgreSQL: the first request with a key proceeds;
 * a retry of that same request gets the first answer back instead of running again; the same key with different
 * content is refused; and a retry that arrives while the first request still runs is told so.
 *
 * <p>Scopes are declared up front, each with the window its keys live for (measured from the first request), so
 * that a typo in a scope name is an error rather than a second, empty key space. A scope must not be shared with a
 * {@link PostgresIdempotentRepository}: both use the same table.
 *
 * <p>Every operation comes in two forms. With a caller's {@link Connection} it joins the caller's transaction: the
 * key, the work and the answer then commit or roll back together, and a caller that dies mid-way leaves no
 * half-taken key behind (use READ COMMITTED, PostgreSQL's default). Without one it uses its own auto-committed
 * connection; a caller that then cannot finish must {@link #abandon} the key, or it stays in progress until its
 * window ends.
 */
public final class IdempotencyStore {
    /** What a caller does next with a request. */
    public enum Status {
        /** The key was free: run the request, then {@link #complete} it. */
        NEW,
        /** The same request was answered before: return {@link Outcome#responseJson()} and do nothing else. */
        REPLAY,
        /** The key was used for a different request: refuse (HTTP 422 in the IETF Idempotency-Key draft). */
        CONFLICT,
        /** The first request with this key has not finished: refuse for now (HTTP 409); the client retries later. */
        IN_PROGRESS
    }

    /** The decision for one request; the stored answer (canonical JSON) only for {@link Status#REPLAY}. */
    public record Outcome(Status status, String responseJson) {
        public Outcome {
            Objects.requireNonNull(status, "status");
            if ((status == Status.REPLAY) != (responseJson != null)) {
                throw new IllegalArgumentException("exactly a REPLAY carries a stored response");
            }
        }

        public static Outcome of(Status status) {
            return new Outcome(status, null);
        }

        public static Outcome replay(String responseJson) {
            return new Outcome(Status.REPLAY, responseJson);
        }

        public boolean isNew() {
            return status == Status.NEW;
        }
    }

    /** A key that vanished between taking and reading it (abandoned or expired that instant) is tried again. */
    private static final int ATTEMPTS = 3;

    private final Supplier<DataSource> dataSource;
    private final Clock clock;
    private final Map<String, Duration> windows;

    public IdempotencyStore(DataSource dataSource, Clock clock, Map<String, Duration> windowsByScope) {
        this(supplierOf(dataSource), clock, windowsByScope);
    }

    public IdempotencyStore(Supplier<DataSource> dataSource, Clock clock, Map<String, Duration> windowsByScope) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(windowsByScope, "windowsByScope");
        if (windowsByScope.isEmpty()) {
            throw new IllegalArgumentException("an idempotency store needs at least one scope with its window");
        }
        Map<String, Duration> checked = new TreeMap<>();
        windowsByScope.forEach((scope, window) -> {
            IdempotencyKeys.requireScope(scope);
            if (window == null || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("the idempotency window of scope '" + scope
                        + "' must be positive, was " + window);
            }
            checked.put(scope, window);
        });
        this.windows = Collections.unmodifiableMap(checked);
    }

    public Outcome begin(String scope, String key, String requestHash) throws SQLException {
        try (Connection c = autoCommitted()) {
            return begin(c, scope, key, requestHash);
        }
    }

    /**
     * Takes the key for this request or says why not.
     *
     * @param requestHash {@link ContentHash#of} the request's content (what makes two requests "the same")
     */
    public Outcome begin(Connection connection, String scope, String key, String requestHash) throws SQLException {
        Duration window = windowOf(scope);
        String stored = IdempotencyKeys.canonical(key);
        if (!ContentHash.isHash(requestHash)) {
            throw new IllegalArgumentException("requestHash must be ContentHash.of(request): 64 lower-case hex digits");
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (IdempotencyTable.claim(connection, scope, stored, requestHash, clock.instant(), window)) {
                return Outcome.of(Status.NEW);
            }
            Optional<IdempotencyTable.Entry> entry = IdempotencyTable.findLive(connection, scope, stored,
                    clock.instant());
            if (entry.isPresent()) {
                return decide(entry.get(), requestHash);
            }
        }
        throw new IllegalStateException("the idempotency key in scope '" + scope
                + "' was taken and released repeatedly while being read; try again");
    }

    public void complete(String scope, String key, String responseJson) throws SQLException {
        try (Connection c = autoCommitted()) {
            complete(c, scope, key, responseJson);
        }
    }

    /** Stores the answer a replay will return; the request must have been begun and not yet completed. */
    public void complete(Connection connection, String scope, String key, String responseJson) throws SQLException {
        windowOf(scope);
        String stored = IdempotencyKeys.canonical(key);
        String canonical = canonicalResponse(responseJson);
        if (!IdempotencyTable.answer(connection, scope, stored, canonical)) {
            throw new IllegalStateException("no request in progress for this key in scope '" + scope
                    + "': it was never begun, is already completed, or was abandoned");
        }
    }

    public boolean abandon(String scope, String key) throws SQLException {
        try (Connection c = autoCommitted()) {
            return abandon(c, scope, key);
        }
    }

    /**
     * Releases a key whose request failed before it had an answer worth replaying, so a retry may run it again.
     * A completed key is left alone. True when a key was released.
     */
    public boolean abandon(Connection connection, String scope, String key) throws SQLException {
        windowOf(scope);
        return IdempotencyTable.deleteUnanswered(connection, scope, IdempotencyKeys.canonical(key));
    }

    /** Deletes the expired keys of every declared scope and returns how many there were. */
    public int purgeExpired() throws SQLException {
        int purged = 0;
        try (Connection c = autoCommitted()) {
            for (String scope : windows.keySet()) {
                purged += IdempotencyTable.deleteExpired(c, scope, clock.instant());
            }
        }
        return purged;
    }

    public Map<String, Duration> windows() {
        return windows;
    }

    private static Outcome decide(IdempotencyTable.Entry entry, String requestHash) {
        if (!entry.requestHash().equals(requestHash)) {
            return Outcome.of(Status.CONFLICT);
        }
        if (entry.responseJson() == null) {
            return Outcome.of(Status.IN_PROGRESS);
        }
        // jsonb prints its own spacing and key order; hand back the canonical text that was stored.
        return Outcome.replay(CanonicalJson.of(new CanonicalJson.Json(entry.responseJson())));
    }

    private Duration windowOf(String scope) {
        IdempotencyKeys.requireScope(scope);
        Duration window = windows.get(scope);
        if (window == null) {
            throw new IllegalArgumentException("unknown idempotency scope '" + scope + "'; declared scopes: "
                    + windows.keySet());
        }
        return window;
    }

    private static String canonicalResponse(String responseJson) {
        if (responseJson == null) {
            throw new IllegalArgumentException("a completed request needs a response (JSON text), not null");
        }
        try {
            return CanonicalJson.of(new CanonicalJson.Json(responseJson));
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the response to store is not valid JSON", e);
        }
    }

    private Connection autoCommitted() throws SQLException {
        Connection c = dataSource.get().getConnection();
        if (!c.getAutoCommit()) {
            c.setAutoCommit(true);
        }
        return c;
    }

    private static Supplier<DataSource> supplierOf(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        return () -> dataSource;
    }
}
