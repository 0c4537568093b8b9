package studio.brain.jobs;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.MDC;
import studio.brain.observability.EventLog;

/**
 * Turns every exchange of a scheduled route into a recorded job run: a {@code job.started} event and row, then a
 * terminal {@code job.succeeded} or {@code job.failed} event with reason code and duration, and a counter and
 * timer per route and outcome. Routes need nothing of their own for this.
 */
public final class JobRunPolicy extends RoutePolicySupport {
    static final String RUN_PROPERTY = "studioBrain.jobRun";
    private static final EventLog LOG = EventLog.of("jobs");

    private final JobRunStore store;
    private final Clock clock;
    private final MeterRegistry meters;

    public JobRunPolicy(JobRunStore store, Clock clock, MeterRegistry meters) {
        this.store = store;
        this.clock = clock;
        this.meters = meters;
    }

    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        JobRun run = new JobRun(UUID.randomUUID(), route.getRouteId(), scheduledFor(exchange), clock.instant());
        MDC.put("jobId", run.id().toString());
        try {
            Optional<JobRun> claimed = store.begin(run);
            if (claimed.isEmpty()) {
                LOG.info("job.skipped", "routeId", run.routeId(), "reason", "ALREADY_RUN_ELSEWHERE",
                        "scheduledFor", String.valueOf(run.scheduledFor()));
                exchange.setRouteStop(true);
                return;
            }
            exchange.setProperty(RUN_PROPERTY, run);
            LOG.info("job.started", "routeId", run.routeId(), "jobId", run.id().toString(),
                    "scheduledFor", String.valueOf(run.scheduledFor()));
        } catch (Exception e) {
            // Without its record a run must not happen: the next trigger tries again.
            JobFailureReason reason = JobFailureReason.of(e);
            LOG.warn("job.failed", "routeId", run.routeId(), "jobId", run.id().toString(), "reason", reason.name(),
                    "errorClass", e.getClass().getName(), "durationMs", 0);
            count(run.routeId(), "failed", Duration.ZERO);
            exchange.setRouteStop(true);
        }
    }

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        JobRun run = exchange.getProperty(RUN_PROPERTY, JobRun.class);
        if (run == null) {
            return;
        }
        Instant finished = clock.instant();
        Duration duration = Duration.between(run.startedAt(), finished);
        Exception error = exchange.getException();
        JobFailureReason reason = error == null ? null : JobFailureReason.of(error);
        String errorClass = error == null ? null : error.getClass().getName();
        try {
            store.finish(run, finished, reason, errorClass);
        } catch (Exception e) {
            LOG.warn("job.record_failed", "routeId", run.routeId(), "jobId", run.id().toString(),
                    "errorClass", e.getClass().getName());
        }
        if (reason == null) {
            LOG.info("job.succeeded", "routeId", run.routeId(), "jobId", run.id().toString(),
                    "durationMs", duration.toMillis());
        } else {
            LOG.warn("job.failed", "routeId", run.routeId(), "jobId", run.id().toString(), "reason", reason.name(),
                    "errorClass", errorClass, "durationMs", duration.toMillis());
        }
        count(run.routeId(), reason == null ? "succeeded" : "failed", duration);
        MDC.remove("jobId");
    }

    private void count(String routeId, String outcome, Duration duration) {
        meters.counter("studio_brain_job_runs", "route", routeId, "outcome", outcome).increment();
        Timer.builder("studio_brain_job_duration").tag("route", routeId).tag("outcome", outcome)
                .register(meters).record(duration);
    }

    private static Instant scheduledFor(Exchange exchange) {
        Object fire = exchange.getIn().getHeader("scheduledFireTime");
        return fire instanceof Date date ? date.toInstant() : null;
    }
}
