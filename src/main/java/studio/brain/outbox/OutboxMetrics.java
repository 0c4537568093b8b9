package studio.brain.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The outbox as an operator sees it: {@code studio_brain_outbox_pending} and {@code studio_brain_outbox_dead}
 * (rows in each state, all tenants) and {@code studio_brain_outbox_delivered_total}. The counts are read from the
 * database, because several hubs may share the outbox, but at most once per cache period however often the metrics
 * are scraped. When the database cannot be read the gauges show NaN (unknown) rather than a stale number.
 */
final class OutboxMetrics {
    /** Two counts, each answered from its partial index (outbox_pending, outbox_dead), never the delivered rows. */
    private static final String COUNTS = "select (select count(*) from outbox where status = 'pending'), "
            + "(select count(*) from outbox where status = 'dead')";

    private final Supplier<DataSource> dataSource;
    private final Clock clock;
    private final Duration cacheTtl;
    private final Counter delivered;
    private Instant readAt;
    private double pending = Double.NaN;
    private double dead = Double.NaN;

    OutboxMetrics(Supplier<DataSource> dataSource, Clock clock, Duration cacheTtl, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.cacheTtl = cacheTtl;
        // Registering twice in one registry (two relays in one hub) returns the meters already there: same table.
        Gauge.builder("studio_brain_outbox_pending", this, OutboxMetrics::pending)
                .description("Outbox messages waiting for delivery (including retries and topics with no subscriber)")
                .strongReference(true)
                .register(meters);
        Gauge.builder("studio_brain_outbox_dead", this, OutboxMetrics::dead)
                .description("Outbox messages given up after their last attempt; they need an operator")
                .strongReference(true)
                .register(meters);
        // Prometheus exposes a counter with the _total suffix: studio_brain_outbox_delivered_total.
        this.delivered = Counter.builder("studio_brain_outbox_delivered")
                .description("Outbox messages delivered to all their subscribers")
                .register(meters);
    }

    void delivered(int count) {
        if (count > 0) {
            delivered.increment(count);
        }
    }

    synchronized double pending() {
        refreshIfStale();
        return pending;
    }

    synchronized double dead() {
        refreshIfStale();
        return dead;
    }

    private void refreshIfStale() {
        Instant now = clock.instant();
        if (readAt != null && now.isBefore(readAt.plus(cacheTtl))) {
            return;
        }
        readAt = now;
        try (Connection c = dataSource.get().getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(COUNTS)) {
            rs.next();
            pending = rs.getLong(1);
            dead = rs.getLong(2);
        } catch (SQLException | RuntimeException e) {
            pending = Double.NaN;
            dead = Double.NaN;
        }
    }
}
