package studio.brain.outbox;

import java.sql.SQLException;
import java.util.Objects;
import org.apache.camel.builder.RouteBuilder;
import studio.brain.jobs.ScheduledRoutes;

/**
 * The route that drives the {@link OutboxRelay}: on every timer tick it relays batch after batch until a batch
 * delivers nothing, but never more than a bounded number of batches, so that one tick cannot run for ever under a
 * steady stream and a stopping hub is not kept waiting. The exchange body ends up as the number delivered.
 *
 * <p>Several hubs may run this route on one database at once: the relay's row locks keep them apart.
 */
public final class OutboxRelayRoutes extends RouteBuilder {
    public static final String ROUTE_ID = "outbox-relay";
    public static final int DEFAULT_MAX_BATCHES_PER_TICK = 50;

    private final OutboxRelay relay;
    private final long periodMillis;
    private final int maxBatchesPerTick;

    public OutboxRelayRoutes(OutboxRelay relay, long periodMillis) {
        this(relay, periodMillis, DEFAULT_MAX_BATCHES_PER_TICK);
    }

    public OutboxRelayRoutes(OutboxRelay relay, long periodMillis, int maxBatchesPerTick) {
        this.relay = Objects.requireNonNull(relay, "relay");
        if (periodMillis < 1) {
            throw new IllegalArgumentException("the outbox relay period must be at least 1 ms, was " + periodMillis);
        }
        if (maxBatchesPerTick < 1) {
            throw new IllegalArgumentException("the outbox relay needs at least 1 batch per tick, was "
                    + maxBatchesPerTick);
        }
        this.periodMillis = periodMillis;
        this.maxBatchesPerTick = maxBatchesPerTick;
    }

    @Override
    public void configure() {
        from("timer:outbox-relay?period=" + periodMillis)
                .routeId(ROUTE_ID)
                // A poller, not a job: a job-run record every half second would drown the real ones.
                .routeProperty(ScheduledRoutes.JOB_RUN_PROPERTY, "false")
                .process(exchange -> exchange.getMessage().setBody(relayUntilIdle()));
    }

    /** Relays until a batch delivers nothing or the per-tick bound is reached; returns how many were delivered. */
    public int relayUntilIdle() throws SQLException {
        int delivered = 0;
        for (int batch = 0; batch < maxBatchesPerTick; batch++) {
            int count = relay.relayOnce();
            if (count == 0) {
                break;
            }
            delivered += count;
        }
        return delivered;
    }
}
