package studio.brain.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import studio.brain.observability.EventLog;
import studio.brain.store.GroupCommit;

/**
 * The audit ledger: appends (group-committed, or inside a caller's transaction), signed checkpoints every
 * {@code checkpointEvery} events or {@code checkpointInterval}, and one at shutdown.
 */
public final class Ledger implements AutoCloseable {
    private static final EventLog LOG = EventLog.of("ledger");

    private final Supplier<DataSource> dataSource;
    private final Clock clock;
    private final SigningKey key;
    private final GroupCommit<AuditRecord, LedgerEvent> writer;
    private final ScheduledExecutorService checkpointTimer;
    private final long checkpointEvery;
    private final Duration checkpointInterval;
    private volatile long lastCheckpointSeq = -1;
    private volatile Instant lastCheckpointAt;

    public Ledger(Supplier<DataSource> dataSource, Clock clock, SigningKey key, long checkpointEvery,
                  Duration checkpointInterval) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.key = key;
        this.checkpointEvery = checkpointEvery;
        this.checkpointInterval = checkpointInterval;
        this.lastCheckpointAt = clock.instant();
        // Appends from many threads share transactions, up to 1,000 events each; a caller is released only when its
        // event is committed.
        this.writer = new GroupCommit<>("ledger", dataSource, 1_000,
                (c, records) -> LedgerStore.append(c, records, clock.instant()));
        this.checkpointTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ledger-checkpoints");
            t.setDaemon(true);
            return t;
        });
        checkpointTimer.scheduleWithFixedDelay(this::checkpointIfDue, 5, 5, TimeUnit.SECONDS);
    }

    /** Appends one event and returns it once committed. */
    public LedgerEvent append(AuditRecord record) {
        try {
            return writer.submitAsync(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while appending to the ledger", e);
        } catch (ExecutionException e) {
            throw new LedgerUnavailableException("the audit event could not be committed", e.getCause());
        }
    }

    public CompletableFuture<LedgerEvent> appendAsync(AuditRecord record) {
        return writer.submitAsync(record);
    }

    /**
     * Appends inside the caller's transaction, so that the events exist exactly when the caller's other rows do
     * (a proposal, its outbox message). The chain lock is held until the caller commits or rolls back.
     */
    public List<LedgerEvent> append(Connection transaction, List<AuditRecord> records) throws SQLException {
        return LedgerStore.append(transaction, records, clock.instant());
    }

    public SigningKey.VerifierKey verifierKey() {
        return key.verifier();
    }

    public SigningKey signingKey() {
        return key;
    }

    /** Writes a checkpoint of the current head if it moved since the last one. */
    public Optional<CheckpointNote> checkpoint() {
        try (Connection c = dataSource.get().getConnection()) {
            Optional<CheckpointNote> note = Checkpoints.writeIfNew(c, key, clock.instant());
            note.ifPresent(n -> {
                lastCheckpointSeq = n.size();
                lastCheckpointAt = n.at();
                LOG.info("ledger.checkpoint", "seq", n.size(), "hash", n.hash());
            });
            return note;
        } catch (SQLException e) {
            LOG.warn("ledger.checkpoint_failed", "errorClass", e.getClass().getName());
            return Optional.empty();
        }
    }

    private void checkpointIfDue() {
        try (Connection c = dataSource.get().getConnection()) {
            long head = LedgerStore.head(c).seq();
            if (lastCheckpointSeq < 0) {
                lastCheckpointSeq = Checkpoints.latest(c).map(CheckpointNote::size).orElse(0L);
            }
            boolean manyNew = head - lastCheckpointSeq >= checkpointEvery;
            boolean timeUp = head > lastCheckpointSeq
                    && Duration.between(lastCheckpointAt, clock.instant()).compareTo(checkpointInterval) >= 0;
            if (manyNew || timeUp) {
                checkpoint();
            }
        } catch (Exception e) {
            LOG.warn("ledger.checkpoint_failed", "errorClass", e.getClass().getName());
        }
    }

    /** Writes what is queued, then a final checkpoint. */
    @Override
    public void close() {
        checkpointTimer.shutdownNow();
        writer.close();
        checkpoint();
    }
}
