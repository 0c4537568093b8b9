package studio.brain.jobs;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The heartbeat route's bean: proves that a scheduled run reaches the database, and publishes the time of the
 * last good beat as a gauge so an alert can fire when beats stop.
 */
public final class Heartbeat {
    private final Supplier<DataSource> dataSource;
    private final Clock clock;
    private final String tenantId;
    private final AtomicLong lastBeatEpochSeconds = new AtomicLong();

    public Heartbeat(Supplier<DataSource> dataSource, Clock clock, String tenantId, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.tenantId = tenantId;
        Gauge.builder("studio_brain_heartbeat_last_success_seconds", lastBeatEpochSeconds, AtomicLong::get)
                .description("Unix time of the last heartbeat that reached the database")
                .register(meters);
    }

    public Map<String, Object> beat() throws SQLException {
        try (Connection c = dataSource.get().getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select now()")) {
            rs.next();
            String databaseTime = rs.getTimestamp(1).toInstant().toString();
            lastBeatEpochSeconds.set(clock.instant().getEpochSecond());
            return Map.of("tenantId", tenantId, "databaseTime", databaseTime, "at", clock.instant().toString());
        }
    }
}
