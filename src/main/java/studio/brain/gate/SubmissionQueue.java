package studio.brain.gate;

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
import studio.brain.gate.ProposalBatch.Submission;
import studio.brain.gate.ProposalGate.Outcome;
import studio.brain.observability.EventLog;

/**
 * Group commit for the gate: submissions from many callers are taken by one thread, up to {@value #MAX_BATCH} per
 * transaction, and each caller is answered only after its batch committed. What limits the gate is the database's
 * work per transaction, not the decision, so sharing a transaction (and each statement) is what lets many
 * proposals through. A batch that fails is retried one submission at a time, so one bad submission fails alone.
 */
final class SubmissionQueue implements AutoCloseable {
    static final int MAX_BATCH = 256;
    private static final EventLog LOG = EventLog.of("gate");

    private record Pending(Submission submission, CompletableFuture<Outcome> answer) {
    }

    private final Supplier<DataSource> dataSource;
    private final ProposalBatch batch;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(10_000);
    private final Thread worker;
    private volatile boolean running = true;

    SubmissionQueue(Supplier<DataSource> dataSource, ProposalBatch batch) {
        this.dataSource = dataSource;
        this.batch = batch;
        this.worker = new Thread(this::run, "gate-writer");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** Queues the submission and waits for its committed answer; a database failure is thrown as it was raised. */
    Outcome submit(Submission submission) throws SQLException {
        if (!running) {
            throw new IllegalStateException("the gate is closed");
        }
        CompletableFuture<Outcome> answer = new CompletableFuture<>();
        try {
            queue.put(new Pending(submission, answer));
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the gate", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("the gate failed", e.getCause());
        }
    }

    private void run() {
        List<Pending> taken = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                taken.add(first);
                queue.drainTo(taken, MAX_BATCH - 1);
                try {
                    commit(taken);
                } catch (Exception batchFailed) {
                    if (taken.size() == 1) {
                        taken.get(0).answer().completeExceptionally(batchFailed);
                    } else {
                        LOG.warn("gate.batch_retried_one_by_one", "submissions", taken.size(),
                                "errorClass", batchFailed.getClass().getName());
                        for (Pending one : taken) {
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

    private void commit(List<Pending> pending) throws SQLException {
        List<Outcome> outcomes;
        try (Connection c = dataSource.get().getConnection()) {
            c.setAutoCommit(false);
            try {
                outcomes = batch.run(c, pending.stream().map(Pending::submission).toList());
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        for (int i = 0; i < pending.size(); i++) {
            pending.get(i).answer().complete(outcomes.get(i));
        }
    }

    /** Stops taking submissions, answers what is queued, then returns. */
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
