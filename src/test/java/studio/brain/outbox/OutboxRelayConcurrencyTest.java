package studio.brain.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** Two hub instances relaying one outbox: every message delivered, none twice, never two deliveries at once. */
class OutboxRelayConcurrencyTest {
    private static final int MESSAGES = 500;
    private static final String TOPIC = "proposal.created";

    private final Map<String, AtomicInteger> deliveriesById = new ConcurrentHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicInteger overlapping = new AtomicInteger();

    @Test
    void twoRelaysOnTwoPoolsWithASlowSubscriberDeliverEveryMessageExactlyOnce() throws Exception {
        Clock clock = Clock.systemUTC();
        try (OutboxDatabase db = new OutboxDatabase();
             DefaultCamelContext hubA = slowSubscriberHub();
             DefaultCamelContext hubB = slowSubscriberHub()) {
            List<UUID> ids = new ArrayList<>();
            Outbox outbox = new Outbox(clock);
            try (Connection c = db.dataSource().getConnection()) {
                c.setAutoCommit(false);
                for (int i = 0; i < MESSAGES; i++) {
                    ids.add(outbox.enqueue(c, "studio-main", TOPIC, Map.of("sequence", i)));
                }
                c.commit();
            }

            OutboxRelaySettings settings = OutboxRelaySettings.defaults().withBatchSize(10);
            DataSource poolA = db.openPool("relay-a");
            DataSource poolB = db.openPool("relay-b");
            try (OutboxRelay relayA = new OutboxRelay(() -> poolA, hubA, Map.of(TOPIC, List.of("direct:slow")), clock,
                    new SimpleMeterRegistry(), settings);
                 OutboxRelay relayB = new OutboxRelay(() -> poolB, hubB, Map.of(TOPIC, List.of("direct:slow")), clock,
                         new SimpleMeterRegistry(), settings)) {
                ExecutorService threads = Executors.newFixedThreadPool(2);
                CountDownLatch start = new CountDownLatch(1);
                try {
                    Future<Integer> a = threads.submit(() -> relayUntilEmpty(relayA, db, start));
                    Future<Integer> b = threads.submit(() -> relayUntilEmpty(relayB, db, start));
                    start.countDown();
                    int byA = a.get(3, TimeUnit.MINUTES);
                    int byB = b.get(3, TimeUnit.MINUTES);

                    assertThat(byA + byB).isEqualTo(MESSAGES);
                    assertThat(byA).as("relay A took part").isPositive();
                    assertThat(byB).as("relay B took part").isPositive();
                } finally {
                    threads.shutdownNow();
                }
            }

            assertThat(overlapping).as("deliveries of one message at the same time").hasValue(0);
            assertThat(deliveriesById.keySet()).containsExactlyInAnyOrderElementsOf(ids.stream().map(UUID::toString).toList());
            assertThat(deliveriesById.values()).allSatisfy(count -> assertThat(count).hasValue(1));
            assertThat(db.count("status = 'delivered'")).isEqualTo(MESSAGES);
        }
    }

    /** Relays until the outbox has no pending message left (the other relay may still hold a locked batch). */
    private static int relayUntilEmpty(OutboxRelay relay, OutboxDatabase db, CountDownLatch start) throws Exception {
        start.await();
        int delivered = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            int batch = relay.relayOnce();
            delivered += batch;
            if (batch == 0) {
                if (db.count("status = 'pending'") == 0) {
                    return delivered;
                }
                Thread.sleep(5);
            }
        }
        throw new AssertionError("the outbox was not emptied; pending: " + db.count("status = 'pending'"));
    }

    private DefaultCamelContext slowSubscriberHub() throws Exception {
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:slow").routeId("slow-subscriber").process(exchange -> {
                    String key = exchange.getMessage().getHeader("Idempotency-Key", String.class);
                    if (!inFlight.add(key)) {
                        overlapping.incrementAndGet();
                    }
                    try {
                        deliveriesById.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                        Thread.sleep(2);
                    } finally {
                        inFlight.remove(key);
                    }
                });
            }
        });
        camel.start();
        return camel;
    }
}
