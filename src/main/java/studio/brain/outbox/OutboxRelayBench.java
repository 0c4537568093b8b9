package studio.brain.outbox;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Throughput of the outbox relay (goal: at least 2,000 messages per second): enqueues N messages, then times the
 * relay, with its default settings, delivering them all to a no-op {@code direct:} route. Only the relaying is
 * timed, not the enqueueing. A measurement, not a test; results belong in {@code docs/BENCHMARKS.md}.
 *
 * <p>Run it on a scratch database: it refuses an outbox with pending messages (the relay would work on them too),
 * and its own rows stay behind as delivered messages on topic {@value #TOPIC}.
 */
public final class OutboxRelayBench {
    static final String TOPIC = "bench.outbox_relay";
    private static final String SINK = "direct:outbox-bench-sink";
    private static final int ENQUEUE_CHUNK = 1_000;

    private OutboxRelayBench() {
    }

    /** Returns one line: "N messages relayed in X ms = Y msg/s". */
    public static String run(DataSource dataSource, int messages) {
        Objects.requireNonNull(dataSource, "dataSource");
        if (messages < 1) {
            throw new IllegalArgumentException("the bench needs at least 1 message, was " + messages);
        }
        AtomicInteger received = new AtomicInteger();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            requireNoPendingMessages(dataSource);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(SINK).routeId("outbox-bench-sink").process(exchange -> received.incrementAndGet());
                }
            });
            camel.start();
            enqueue(dataSource, messages);
            try (OutboxRelay relay = new OutboxRelay(() -> dataSource, camel, Map.of(TOPIC, List.of(SINK)),
                    Clock.systemUTC(), new SimpleMeterRegistry(), OutboxRelaySettings.defaults())) {
                long started = System.nanoTime();
                int delivered = 0;
                while (delivered < messages) {
                    int batch = relay.relayOnce();
                    if (batch == 0) {
                        throw new IllegalStateException("the relay stopped after " + delivered + " of " + messages
                                + " messages");
                    }
                    delivered += batch;
                }
                long nanos = System.nanoTime() - started;
                if (received.get() != messages) {
                    throw new IllegalStateException("the sink received " + received.get() + " of " + messages
                            + " messages");
                }
                double perSecond = messages / (nanos / 1e9);
                return String.format(Locale.ROOT, "%d messages relayed in %d ms = %.0f msg/s", messages,
                        nanos / 1_000_000, perSecond);
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the outbox relay bench failed: " + e.getClass().getName(), e);
        }
    }

    private static void requireNoPendingMessages(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from outbox where status = 'pending'")) {
            rs.next();
            if (rs.getLong(1) > 0) {
                throw new IllegalStateException("the outbox holds " + rs.getLong(1) + " pending messages; run the "
                        + "bench on a scratch database, where the relay works only on the bench's own messages");
            }
        }
    }

    private static void enqueue(DataSource dataSource, int messages) throws SQLException {
        Outbox outbox = new Outbox(Clock.systemUTC());
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            for (int i = 0; i < messages; i++) {
                outbox.enqueue(c, "bench", TOPIC, Map.of("sequence", i, "kind", "bench"));
                if ((i + 1) % ENQUEUE_CHUNK == 0) {
                    c.commit();
                }
            }
            c.commit();
        }
    }
}
