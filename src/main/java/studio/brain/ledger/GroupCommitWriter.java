package studio.brain.ledger;

import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import studio.brain.observability.EventLog;

/**
 * Group commit: appends from many threads are queued and written by one thread, up to {@value #MAX_BATCH} per
 * transaction, each caller released only when its event is committed. The queue is bounded, so under overload
 * callers wait — the ledger slows down and never drops an event.
 */
final class GroupCommitWriter implements AutoCloseable {
    static final int MAX_BATCH = 1_000;
    private static final EventLog LOG = EventLog.of("ledger");

    private record Pending(AuditRecord record, CompletableFuture<LedgerEvent> done) {
    }

    private final Supplier<DataSource> dataSource;
    private final Clock clock;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(20_000);
    private final Thread worker;
    private final List<java.util.function.Consumer<List<LedgerEvent>>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    GroupCommitWriter(Supplier<DataSource> dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.worker = new Thread(this::run, "ledger-writer");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    void onCommitted(java.util.function.Consumer<List<LedgerEvent>> listener) {
        listeners.add(listener);
    }

    CompletableFuture<LedgerEvent> submit(AuditRecord record) {
        if (!running) {
            throw new IllegalStateException("the ledger is closed");
        }
        CompletableFuture<LedgerEvent> done = new CompletableFuture<>();
        try {
            queue.put(new Pending(record, done));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while queueing an audit event", e);
        }
        return done;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending> batch) {
        List<AuditRecord> records = batch.stream().map(Pending::record).toList();
        List<LedgerEvent> events;
        try (Connection c = dataSource.get().getConnection()) {
            c.setAutoCommit(false);
            try {
                events = LedgerStore.append(c, records, clock.instant());
                c.commit();
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
        } catch (Exception e) {
            LOG.warn("ledger.append_failed", "events", batch.size(), "errorClass", e.getClass().getName());
            batch.forEach(p -> p.done().completeExceptionally(e));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(events.get(i));
        }
        listeners.forEach(l -> l.accept(events));
    }

    /** Stops taking events, writes what is queued, then returns. */
    @Override
    public void close() {
        running = false;
        try {
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
