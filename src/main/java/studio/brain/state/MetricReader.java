package studio.brain.state;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import studio.brain.cloud.CloudReadException;
import studio.brain.cloud.DocumentSource;
import studio.brain.cloud.PaymentSource;
import studio.brain.hash.ContentHash;

/**
 * Reads every metric of {@link StudioMetrics} at once, each in its own thread and under one time limit. A metric
 * whose source fails or is too slow comes back without a value, {@code partial}, with the reason as a warning
 * ({@code read failed: TIMEOUT}, the {@link CloudReadException.ErrorKind} or the exception's class name; never the
 * exception's text, which may quote a server); the other metrics are unaffected.
 */
public final class MetricReader {
    /** Enough threads for every metric of a sensible file to start at once; more would only queue. */
    private static final int MAX_THREADS = 16;
    static final String SAMPLE_DATA_WARNING = "sample data: these figures come from the bundled sample studio";

    private final StudioMetrics metrics;
    private final Clock clock;

    public MetricReader(StudioMetrics metrics, Clock clock) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The readings in file order. {@code now} ends the payment metrics' windows; every metric must be done within
     * {@code perMetricTimeout} of the call (they all run at once).
     */
    public List<MetricReading> readAll(DocumentSource docs, PaymentSource payments, Instant now,
                                       Duration perMetricTimeout) {
        Objects.requireNonNull(docs, "docs");
        Objects.requireNonNull(payments, "payments");
        Objects.requireNonNull(now, "now");
        if (perMetricTimeout == null || perMetricTimeout.isNegative() || perMetricTimeout.isZero()) {
            throw new IllegalArgumentException("perMetricTimeout must be longer than zero, was " + perMetricTimeout);
        }
        List<MetricDefinition> definitions = metrics.metrics();
        ExecutorService executor = Executors.newFixedThreadPool(Math.min(MAX_THREADS, definitions.size()),
                daemonThreads());
        try {
            List<Future<MetricAnswer>> futures = new ArrayList<>();
            for (MetricDefinition metric : definitions) {
                futures.add(executor.submit(task(metric, docs, payments, now)));
            }
            long deadline = System.nanoTime() + perMetricTimeout.toNanos();
            List<MetricReading> readings = new ArrayList<>();
            for (int i = 0; i < definitions.size(); i++) {
                MetricDefinition metric = definitions.get(i);
                readings.add(await(metric, futures.get(i), deadline, sourceOf(metric, docs, payments),
                        sampleData(metric, docs, payments)));
            }
            return readings;
        } finally {
            // A read that overran its limit is abandoned, not awaited: interrupt it and move on.
            executor.shutdownNow();
        }
    }

    private static Callable<MetricAnswer> task(MetricDefinition metric, DocumentSource docs, PaymentSource payments,
                                               Instant now) {
        return metric.source() == MetricSource.FIRESTORE
                ? () -> DocumentMetricRead.read(metric, docs)
                : () -> PaymentMetricRead.read(metric, payments, now);
    }

    private MetricReading await(MetricDefinition metric, Future<MetricAnswer> future, long deadline, String source,
                                boolean sampleData) {
        List<String> warnings = new ArrayList<>();
        if (sampleData) {
            warnings.add(SAMPLE_DATA_WARNING);
        }
        try {
            MetricAnswer answer = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return new MetricReading(metric.key(), answer.value(), source, clock.instant(), "full", warnings,
                    ContentHash.of(answer.trace()));
        } catch (TimeoutException e) {
            future.cancel(true);
            warnings.add("read failed: " + CloudReadException.ErrorKind.TIMEOUT);
        } catch (ExecutionException e) {
            warnings.add("read failed: " + reason(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            warnings.add("read failed: interrupted");
        }
        return new MetricReading(metric.key(), null, source, clock.instant(), "partial", warnings, null);
    }

    private static String reason(Throwable failure) {
        return failure instanceof CloudReadException cloud ? cloud.kind().name() : failure.getClass().getSimpleName();
    }

    private static String sourceOf(MetricDefinition metric, DocumentSource docs, PaymentSource payments) {
        return metric.source() == MetricSource.FIRESTORE ? docs.kind() : payments.kind();
    }

    private static boolean sampleData(MetricDefinition metric, DocumentSource docs, PaymentSource payments) {
        return metric.source() == MetricSource.FIRESTORE ? docs.sampleData() : payments.sampleData();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "studio-metric-read-" + count.incrementAndGet());
            thread.setDaemon(true); // an abandoned read must never keep the hub from stopping
            return thread;
        };
    }
}
