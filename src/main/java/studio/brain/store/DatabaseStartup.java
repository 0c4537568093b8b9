package studio.brain.store;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import studio.brain.config.HubConfig;

/**
 * Opens and migrates the database on its own thread, so that PostgreSQL starts while Camel loads routes rather
 * than before. Callers that need the database wait for it; readiness asks without waiting.
 */
public final class DatabaseStartup implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final CompletableFuture<Ready> future;

    private record Ready(Database database, Migrations migrations) {
    }

    private DatabaseStartup(CompletableFuture<Ready> future) {
        this.future = future;
    }

    public static DatabaseStartup begin(HubConfig config) {
        return new DatabaseStartup(CompletableFuture.supplyAsync(() -> {
            Database.Migrated migrated = Database.openMigrated(config);
            return new Ready(migrated.database(), new Migrations(migrated.database().dataSource(),
                    migrated.headVersion()));
        }));
    }

    /** The pool, once the database is open and migrated; waits for that if needed. */
    public DataSource dataSource() {
        return ready().database().dataSource();
    }

    public Migrations migrations() {
        return ready().migrations();
    }

    public Database database() {
        return ready().database();
    }

    public boolean isDone() {
        return future.isDone();
    }

    /** Why the database could not be opened or migrated, once that is known. */
    public Optional<Throwable> failure() {
        if (!future.isCompletedExceptionally()) {
            return Optional.empty();
        }
        try {
            future.join();
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(e.getCause() == null ? e : e.getCause());
        }
    }

    private Ready ready() {
        try {
            return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the database", e);
        } catch (ExecutionException e) {
            throw new DatabaseUnavailableException("the database could not be started or migrated", e.getCause());
        } catch (TimeoutException e) {
            throw new DatabaseUnavailableException("the database did not start within " + WAIT.toSeconds() + " s", e);
        }
    }

    @Override
    public void close() {
        future.thenAccept(ready -> ready.database().close());
        if (future.isDone() && !future.isCompletedExceptionally()) {
            future.join();
        }
    }
}
