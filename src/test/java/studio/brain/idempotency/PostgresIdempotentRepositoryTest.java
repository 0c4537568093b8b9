package studio.brain.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import javax.sql.DataSource;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import studio.brain.hash.ContentHash;

/** Camel's Idempotent Consumer memory in PostgreSQL: once per live key, across threads and hub instances. */
class PostgresIdempotentRepositoryTest {
    private static final Instant T0 = Instant.parse("2026-11-30T09:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final String SCOPE = "webhook.stripe";

    private final IdempotencyDatabase db = new IdempotencyDatabase();

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    @Test
    void aKeyIsAcceptedOnceAndContainedUntilRemoved() {
        PostgresIdempotentRepository repo = repoAt(T0);
        assertThat(repo.contains("evt_1")).isFalse();
        assertThat(repo.add("evt_1")).isTrue();
        assertThat(repo.add("evt_1")).isFalse();
        assertThat(repo.contains("evt_1")).isTrue();
        assertThat(repo.confirm("evt_1")).isTrue();

        assertThat(repo.remove("evt_1")).isTrue();
        assertThat(repo.contains("evt_1")).isFalse();
        assertThat(repo.remove("evt_1")).isFalse();
        assertThat(repo.add("evt_1")).isTrue();
    }

    @Test
    void anExpiredKeyCountsAsAbsentAndCanBeTakenAgain() {
        assertThat(repoAt(T0).add("evt_1")).isTrue();

        PostgresIdempotentRepository justBefore = repoAt(T0.plus(WINDOW).minusSeconds(1));
        assertThat(justBefore.contains("evt_1")).isTrue();
        assertThat(justBefore.add("evt_1")).isFalse();

        PostgresIdempotentRepository atExpiry = repoAt(T0.plus(WINDOW));
        assertThat(atExpiry.contains("evt_1")).isFalse();
        assertThat(atExpiry.remove("evt_1")).as("removing an expired entry removes nothing live").isFalse();
        assertThat(atExpiry.add("evt_1")).isTrue();
        assertThat(atExpiry.add("evt_1")).isFalse();
        // The new entry's window starts at its new first sighting.
        assertThat(repoAt(T0.plus(WINDOW).plus(WINDOW).minusSeconds(1)).contains("evt_1")).isTrue();
    }

    @Test
    void purgeDeletesOnlyExpiredEntriesOfItsOwnScope() throws Exception {
        repoAt(T0).add("evt_old_1");
        repoAt(T0).add("evt_old_2");
        repoAt(T0.plus(Duration.ofMinutes(8))).add("evt_recent");
        new PostgresIdempotentRepository(db.dataSource(), "webhook.hubitat", WINDOW, fixed(T0)).add("evt_other");

        assertThat(repoAt(T0.plus(WINDOW)).purgeExpired()).isEqualTo(2);
        assertThat(db.storedKeys(SCOPE)).containsExactly(ContentHash.of("evt_recent"));
        assertThat(db.storedKeys("webhook.hubitat")).hasSize(1);
        assertThat(repoAt(T0.plus(WINDOW)).purgeExpired()).isZero();
    }

    @Test
    void keysAreStoredAsCanonicalHashesAndAHashIsKeptAsItIs() throws Exception {
        String hash = ContentHash.of("proposal dedupe input");
        PostgresIdempotentRepository repo = repoAt(T0);
        repo.add(hash);
        repo.add("evt_1");
        repo.add(hash.toUpperCase());

        assertThat(db.storedKeys(SCOPE)).containsExactlyInAnyOrder(hash, ContentHash.of("evt_1"),
                ContentHash.of(hash.toUpperCase()));
        assertThat(repo.contains("evt_1")).isTrue();
        assertThat(repo.contains(hash)).isTrue();
    }

    @Test
    void clearForgetsOnlyItsOwnScope() {
        PostgresIdempotentRepository stripe = repoAt(T0);
        PostgresIdempotentRepository hubitat = new PostgresIdempotentRepository(() -> db.dataSource(),
                "webhook.hubitat", WINDOW, fixed(T0));
        stripe.add("evt_1");
        hubitat.add("evt_1");

        stripe.clear();

        assertThat(stripe.contains("evt_1")).isFalse();
        assertThat(hubitat.contains("evt_1")).isTrue();
    }

    @Test
    void badInputIsRefusedWithAClearMessage() {
        PostgresIdempotentRepository repo = repoAt(T0);
        assertThatThrownBy(() -> repo.add(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key must not be null or blank");
        assertThatThrownBy(() -> repo.contains(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key must not be null or blank");
        assertThatThrownBy(() -> new PostgresIdempotentRepository(db.dataSource(), " ", WINDOW, fixed(T0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scope");
        assertThatThrownBy(() -> new PostgresIdempotentRepository(db.dataSource(), SCOPE, Duration.ZERO, fixed(T0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
    }

    @Test
    void eightThreadsOnTwoPoolsAcceptEachOfTheSameTwoHundredKeysExactlyOnce() throws Exception {
        int keys = 200;
        DataSource hubA = db.openPool("hub-a");
        DataSource hubB = db.openPool("hub-b");
        Clock clock = Clock.systemUTC();
        PostgresIdempotentRepository repoA = new PostgresIdempotentRepository(hubA, SCOPE, WINDOW, clock);
        PostgresIdempotentRepository repoB = new PostgresIdempotentRepository(hubB, SCOPE, WINDOW, clock);
        AtomicIntegerArray accepted = new AtomicIntegerArray(keys);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                PostgresIdempotentRepository repo = t % 2 == 0 ? repoA : repoB;
                List<Integer> order = new ArrayList<>();
                for (int k = 0; k < keys; k++) {
                    order.add(k);
                }
                Collections.shuffle(order, new Random(t));
                work.add(threads.submit(() -> {
                    start.await();
                    for (int k : order) {
                        if (repo.add("evt_" + k)) {
                            accepted.incrementAndGet(k);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : work) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
        }
        for (int k = 0; k < keys; k++) {
            assertThat(accepted.get(k)).as("acceptances of evt_" + k).isEqualTo(1);
        }
        assertThat(db.storedKeys(SCOPE)).hasSize(keys);
    }

    @Test
    void anIdempotentConsumerRouteProcessesDuplicatesOnceEvenOnAnotherHub() throws Exception {
        Clock clock = Clock.systemUTC();
        try (DefaultCamelContext hubA = webhookHub(new PostgresIdempotentRepository(db.openPool("hub-a"), SCOPE,
                WINDOW, clock));
             DefaultCamelContext hubB = webhookHub(new PostgresIdempotentRepository(db.openPool("hub-b"), SCOPE,
                     WINDOW, clock))) {
            MockEndpoint processedA = hubA.getEndpoint("mock:processed", MockEndpoint.class);
            MockEndpoint processedB = hubB.getEndpoint("mock:processed", MockEndpoint.class);
            processedA.expectedBodiesReceived("first", "second", "third");
            processedB.expectedBodiesReceived("fourth");

            send(hubA, "evt_1", "first");
            send(hubA, "evt_2", "second");
            send(hubA, "evt_1", "first again");
            send(hubA, "evt_3", "third");
            send(hubA, "evt_2", "second again");
            send(hubB, "evt_1", "first, redelivered to the other hub");
            send(hubB, "evt_4", "fourth");

            processedA.assertIsSatisfied();
            processedB.assertIsSatisfied();
        }
    }

    @Test
    void whenProcessingFailsTheKeyIsReleasedSoTheRetryIsProcessed() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        PostgresIdempotentRepository repo = repoAt(T0);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:webhook").routeId("flaky-webhook").errorHandler(noErrorHandler())
                            .idempotentConsumer(header("id"), repo)
                            .process(exchange -> {
                                if (calls.incrementAndGet() == 1) {
                                    throw new IllegalStateException("downstream unavailable");
                                }
                            })
                            .to("mock:processed");
                }
            });
            camel.start();
            MockEndpoint processed = camel.getEndpoint("mock:processed", MockEndpoint.class);
            processed.expectedBodiesReceived("retry");

            assertThatThrownBy(() -> send(camel, "evt_9", "first try")).hasRootCauseInstanceOf(IllegalStateException.class);
            assertThat(repo.contains("evt_9")).isFalse();
            send(camel, "evt_9", "retry");
            send(camel, "evt_9", "duplicate");

            processed.assertIsSatisfied();
            assertThat(repo.contains("evt_9")).isTrue();
        }
    }

    private PostgresIdempotentRepository repoAt(Instant now) {
        return new PostgresIdempotentRepository(db.dataSource(), SCOPE, WINDOW, fixed(now));
    }

    private static Clock fixed(Instant now) {
        return Clock.fixed(now, ZoneOffset.UTC);
    }

    private static DefaultCamelContext webhookHub(PostgresIdempotentRepository repo) throws Exception {
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:webhook").routeId("webhook").idempotentConsumer(header("id"), repo).to("mock:processed");
            }
        });
        camel.start();
        return camel;
    }

    private static void send(DefaultCamelContext camel, String id, String body) throws Exception {
        try (ProducerTemplate producer = camel.createProducerTemplate()) {
            producer.sendBodyAndHeader("direct:webhook", body, "id", id);
        }
    }
}
