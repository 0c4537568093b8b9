package studio.brain.devices;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The connectors' metrics: {@code studio_brain_connector_availability} per connector (2 healthy, 1 degraded,
 * 0 down, -1 not configured), {@code studio_brain_connector_call_seconds} with latency buckets, and
 * {@code studio_brain_connector_errors_total} by error kind. Tags are connector names and kinds only.
 */
public final class ConnectorMetrics {
    private static final Duration[] BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2_500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30)};
    private final MeterRegistry registry;
    private final Set<String> gauges = ConcurrentHashMap.newKeySet();

    public ConnectorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void register(String connector, Supplier<Double> availability) {
        if (gauges.add(connector)) {
            Gauge.builder("studio_brain_connector_availability", availability, Supplier::get)
                    .description("Connector availability: 2 healthy, 1 degraded, 0 down, -1 not configured")
                    .tag("connector", connector)
                    .register(registry);
        }
    }

    void recordCall(String connector, long latencyMs, ErrorKind error) {
        Timer.builder("studio_brain_connector_call")
                .description("Duration of connector calls")
                .tag("connector", connector)
                .tag("outcome", error == null ? "ok" : "error")
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(Math.max(0, latencyMs), TimeUnit.MILLISECONDS);
        if (error != null) {
            Counter.builder("studio_brain_connector_errors")
                    .description("Failed connector calls by error kind")
                    .tag("connector", connector)
                    .tag("kind", error.name())
                    .register(registry)
                    .increment();
        }
    }
}
