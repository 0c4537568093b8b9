package studio.brain.idempotency;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import studio.brain.store.DatabaseUnavailableException;

/**
 * Camel's Idempotent Consumer memory, kept in PostgreSQL ({@code idempotency_keys}) so that a duplicate is
 * recognised across restarts and across hub instances sharing one database. Nothing is remembered in memory.
 *
 * <p>Each repository owns one scope (e.g. {@code webhook.stripe}); entries live for the configured window from
 * their first sighting, then count as absent and may be taken again. {@link #add} is a single SQL statement, so
 * of any number of concurrent callers exactly one gets {@code true} for a live key. Keys are stored in their
 * {@linkplain IdempotencyKeys#canonical canonical hashed form}; the request hash column holds the same value,
 * as for this pattern the key is the whole request.
 *
 * <p>A scope must not be shared with an {@link IdempotencyStore} scope: both use the same table.
 */
public final class PostgresIdempotentRepository extends ServiceSupport implements IdempotentRepository {
    private final Supplier<DataSource> dataSource;
    private final String scope;
    private final Duration window;
    private final Clock clock;

    public PostgresIdempotentRepository(DataSource dataSource, String scope, Duration window, Clock clock) {
        this(supplierOf(dataSource), scope, window, clock);
    }

    public PostgresIdempotentRepository(Supplier<DataSource> dataSource, String scope, Duration window, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.scope = IdempotencyKeys.requireScope(scope);
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the idempotency window of scope '" + scope + "' must be positive, was "
                    + window);
        }
        this.window = window;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** True exactly once per live key: when the key was absent or its entry had expired. */
    @Override
    public boolean add(String key) {
        String stored = IdempotencyKeys.canonical(key);
        return inDatabase(c -> IdempotencyTable.claim(c, scope, stored, stored, clock.instant(), window));
    }

    @Override
    public boolean contains(String key) {
        String stored = IdempotencyKeys.canonical(key);
        return inDatabase(c -> IdempotencyTable.findLive(c, scope, stored, clock.instant()).isPresent());
    }

    /**
     * Forgets a key, so the message may be processed again; Camel calls this when processing of an accepted message
     * failed. True when a live entry was removed.
     */
    @Override
    public boolean remove(String key) {
        String stored = IdempotencyKeys.canonical(key);
        return inDatabase(c -> IdempotencyTable.delete(c, scope, stored, clock.instant()));
    }

    /** The entry is written as soon as it is added; there is nothing left to confirm. */
    @Override
    public boolean confirm(String key) {
        return true;
    }

    /** Forgets every key of this repository's scope, and only of this scope. */
    @Override
    public void clear() {
        inDatabase(c -> IdempotencyTable.deleteScope(c, scope));
    }

    /** Deletes the expired entries of this scope and returns how many there were. */
    public int purgeExpired() {
        return inDatabase(c -> IdempotencyTable.deleteExpired(c, scope, clock.instant()));
    }

    public String scope() {
        return scope;
    }

    public Duration window() {
        return window;
    }

    @Override
    public String toString() {
        return "PostgresIdempotentRepository[scope=" + scope + ", window=" + window + "]";
    }

    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Camel's interface has no checked exceptions; a database failure must still fail the exchange, never pass it. */
    private <T> T inDatabase(SqlWork<T> work) {
        try (Connection c = dataSource.get().getConnection()) {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            return work.run(c);
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("idempotency keys of scope '" + scope + "' cannot be read or written",
                    e);
        }
    }

    private static Supplier<DataSource> supplierOf(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        return () -> dataSource;
    }
}
