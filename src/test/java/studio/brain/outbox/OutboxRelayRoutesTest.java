package studio.brain.outbox;

import studio.brain.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The timer route relays on its own, and one tick does a bounded amount of work. */
class OutboxRelayRoutesTest {

    @Test
    void theTimerRouteDeliversWhatWasEnqueued() throws Exception {
        Clock clock = Clock.systemUTC();
        try (OutboxDatabase db = new OutboxDatabase(); DefaultCamelContext camel = new DefaultCamelContext()) {
            Outbox outbox = new Outbox(clock);
            for (int i = 0; i < 3; i++) {
                db.enqueueCommitted(outbox, "kiln.firing.started", Map.of("kiln", "k-" + i));
            }
            try (OutboxRelay relay = new OutboxRelay(db::dataSource, camel, Map.of("kiln.*", List.of("mock:kiln")),
                    clock, new SimpleMeterRegistry(), OutboxRelaySettings.defaults())) {
                camel.addRoutes(new OutboxRelayRoutes(relay, 100));
                MockEndpoint kiln = camel.getEndpoint("mock:kiln", MockEndpoint.class);
                kiln.expectedMessageCount(3);
                camel.start();

                assertThat(camel.getRoute(OutboxRelayRoutes.ROUTE_ID).getEndpoint().getEndpointUri())
                        .startsWith("timer://outbox-relay");
                kiln.assertIsSatisfied();
                // The mock sees the messages inside the relay's transaction; the rows turn delivered at its commit.
                awaitDelivered(db, 3);
            }
        }
    }

    private static void awaitDelivered(OutboxDatabase db, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (db.count("status = 'delivered'") < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(db.count("status = 'delivered'")).isEqualTo(expected);
    }

    @Test
    void oneTickRelaysAtMostItsBoundOfBatches() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T09:00:00Z"));
        try (OutboxDatabase db = new OutboxDatabase(); DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.start();
            Outbox outbox = new Outbox(clock);
            for (int i = 0; i < 10; i++) {
                db.enqueueCommitted(outbox, "kiln.firing.started", Map.of("kiln", "k-" + i));
            }
            try (OutboxRelay relay = new OutboxRelay(db::dataSource, camel, Map.of("kiln.*", List.of("mock:kiln")),
                    clock, new SimpleMeterRegistry(), OutboxRelaySettings.defaults().withBatchSize(2))) {
                OutboxRelayRoutes routes = new OutboxRelayRoutes(relay, 1000, 2);
                assertThat(routes.relayUntilIdle()).isEqualTo(4);
                assertThat(routes.relayUntilIdle()).isEqualTo(4);
                assertThat(routes.relayUntilIdle()).isEqualTo(2);
                assertThat(routes.relayUntilIdle()).isZero();
            }
        }
    }

    @Test
    void badRouteSettingsAreRefused() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            OutboxRelay relay = new OutboxRelay(() -> null, camel, Map.of(), Clock.systemUTC(),
                    new SimpleMeterRegistry(), OutboxRelaySettings.defaults());
            assertThatThrownBy(() -> new OutboxRelayRoutes(relay, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("period");
            assertThatThrownBy(() -> new OutboxRelayRoutes(relay, 1000, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batch");
        }
    }
}
