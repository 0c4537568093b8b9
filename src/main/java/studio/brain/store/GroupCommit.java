package studio.brain.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import studio.brain.observability.EventLog;

/**
 * Group commit: units of work from many callers are taken by one thread, up to {@code maxBatch} per transaction,
 * and each caller is answered only after its batch committed. Writes that end with a ledger event hold the ledger's
 * chain lock until their commit, so one transaction each would queue every caller behind every other; sharing the
 * transaction (and the chain lock, and the commit) is what lets many through. A batch that fails is retried one unit
 * at a time, so one bad unit fails alone.
 *
 * @param <T> a unit of work, prepared by the caller (everything that needs no database is done before)
 * @param <R> its answer
 */
public final class GroupCommit<T, R> implements AutoCloseable {
    private static final EventLog LOG = EventLog.of("store");

    /** The work of one batch, in the caller's transaction; the answers in the order of the units. */
    @FunctionalInterface
    public interface Work<T, R> {
        List<R> run(Connection transaction, List<T> units) throws SQLException;
    }

    private record Pending<T, R>(T unit, CompletableFuture<R> answer) {
    }

    private final Supplier<DataSource> dataSource;
    private final Work<T, R> work;
    private final int maxBatch;
    private final String name;
    private final BlockingQueue<Pending<T, R>> queue = new ArrayBlockingQueue<>(10_000);
    private final Thread worker;
    private volatile boolean running = true;

    public GroupCommit(String name, Supplier<DataSource> dataSource, int maxBatch, Work<T, R> work) {
        this.name = name;
        this.dataSource = dataSource;
        this.maxBatch = maxBatch;
        this.work = work;
        this.worker = new Thread(this::run, name + "-writer");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /**
     * Queues the unit; the future completes once its batch committed. The queue is bounded, so under overload the
     * caller waits here — the work slows down and is never dropped.
     */
    public CompletableFuture<R> submitAsync(T unit) {
        if (!running) {
            throw new IllegalStateException(name + " is closed");
        }
        CompletableFuture<R> answer = new CompletableFuture<>();
        try {
            queue.put(new Pending<>(unit, answer));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while queueing for " + name, e);
        }
        return answer;
    }

    /** Queues the unit and waits for its committed answer; a database failure is thrown as it was raised. */
    public R submit(T unit) throws SQLException {
        try {
            return submitAsync(unit).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(name + " failed", e.getCause());
        }
    }

    private void run() {
        List<Pending<T, R>> taken = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending<T, R> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                taken.add(first);
                queue.drainTo(taken, maxBatch - 1);
                try {
                    commit(taken);
                } catch (Exception batchFailed) {
                    if (taken.size() == 1) {
                        taken.get(0).answer().completeExceptionally(batchFailed);
                    } else {
                        LOG.warn(name + ".batch_retried_one_by_one", "units", taken.size(),
                                "errorClass", batchFailed.getClass().getName());
                        for (Pending<T, R> one : taken) {
                            try {
                                commit(List.of(one));
                            } catch (Exception failed) {
                                one.answer().completeExceptionally(failed);
                            }
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error unexpected) {
                taken.forEach(p -> p.answer().completeExceptionally(unexpected));
            } finally {
                taken.clear();
            }
        }
    }

    private void commit(List<Pending<T, R>> pending) throws SQLException {
        List<R> answers;
        try (Connection c = dataSource.get().getConnection()) {
            c.setAutoCommit(false);
            try {
                answers = work.run(c, pending.stream().map(Pending::unit).toList());
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        for (int i = 0; i < pending.size(); i++) {
            pending.get(i).answer().complete(answers.get(i));
        }
    }

    /** Stops taking units, answers what is queued, then returns. */
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
