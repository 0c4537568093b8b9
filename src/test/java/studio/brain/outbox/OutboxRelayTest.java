package studio.brain.outbox;

import studio.brain.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import studio.brain.testing.CapturedOutput;

/** Delivery, retries, dead messages, unsubscribed topics, metrics and re-delivery after a crash. */
class OutboxRelayTest {
    private static final Instant T0 = Instant.parse("2026-11-30T09:00:00Z");
    private static final String SECRET_IN_ERROR = "card 4242424242424242 declined for ada@example.com";
    private static final String CRASHING_RELAY = "crashing-relay";

    private final OutboxDatabase db = new OutboxDatabase();
    private final MutableClock clock = new MutableClock(T0);
    private final Outbox outbox = new Outbox(clock);
    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final List<OutboxRelay> relays = new ArrayList<>();
    private final AtomicInteger flakyCalls = new AtomicInteger();
    private final List<String> crashRouteKeys = new CopyOnWriteArrayList<>();
    private final AtomicBoolean relayConnectionKilled = new AtomicBoolean();

    @BeforeEach
    void startCamel() throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:broken").routeId("broken-subscriber").errorHandler(noErrorHandler())
                        .throwException(new IllegalStateException(SECRET_IN_ERROR));
                from("direct:flaky").routeId("flaky-subscriber").errorHandler(noErrorHandler())
                        .process(exchange -> {
                            if (flakyCalls.incrementAndGet() == 1) {
                                throw new IllegalStateException("first call fails");
                            }
                        })
                        .to("mock:after-flaky");
                // The relay "dies" after this delivery: its database session is killed before it can commit.
                from("direct:crash-once").routeId("crash-once-subscriber")
                        .process(exchange -> {
                            crashRouteKeys.add(exchange.getMessage().getHeader("Idempotency-Key", String.class));
                            if (crashRouteKeys.size() == 1) {
                                relayConnectionKilled.set(killSessionInTransaction(CRASHING_RELAY));
                            }
                        })
                        .to("mock:crash-once");
            }
        });
        camel.start();
    }

    @AfterEach
    void stop() throws Exception {
        relays.forEach(OutboxRelay::close);
        camel.close();
        db.close();
    }

    @Test
    void aCommittedMessageIsDeliveredOnceWithItsIdAsIdempotencyKey() throws Exception {
        OutboxRelay relay = relay(Map.of("proposal.created", List.of("mock:cockpit")),
                OutboxRelaySettings.defaults(), new SimpleMeterRegistry());
        UUID id = db.enqueueCommitted(outbox, "proposal.created", Map.of("proposalId", "p-1", "capability", "kiln.start"));

        assertThat(relay.relayOnce()).isEqualTo(1);

        MockEndpoint cockpit = mock("mock:cockpit");
        assertThat(cockpit.getReceivedExchanges()).hasSize(1);
        Exchange delivered = cockpit.getReceivedExchanges().get(0);
        assertThat(delivered.getMessage().getBody(String.class))
                .isEqualTo("{\"capability\":\"kiln.start\",\"proposalId\":\"p-1\"}");
        assertThat(delivered.getMessage().getHeader("Idempotency-Key")).isEqualTo(id.toString());
        assertThat(delivered.getMessage().getHeader("StudioBrainOutboxTopic")).isEqualTo("proposal.created");
        assertThat(delivered.getMessage().getHeader("StudioBrainTenantId")).isEqualTo("studio-main");

        Map<String, Object> row = db.row(id);
        assertThat(row.get("status")).isEqualTo("delivered");
        assertThat(row.get("delivered_at")).isEqualTo(T0);
        assertThat(row.get("attempts")).isEqualTo(0);

        assertThat(relay.relayOnce()).isZero();
        assertThat(cockpit.getReceivedExchanges()).hasSize(1);
    }

    @Test
    void aMessageWhoseTransactionIsStillOpenIsNotDelivered() throws Exception {
        OutboxRelay relay = relay(Map.of("*", List.of("mock:all")), OutboxRelaySettings.defaults(),
                new SimpleMeterRegistry());
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            outbox.enqueue(c, "studio-main", "proposal.created", Map.of("proposalId", "p-2"));
            assertThat(relay.relayOnce()).isZero();
            c.rollback();
        }
        assertThat(relay.relayOnce()).isZero();
        assertThat(mock("mock:all").getReceivedExchanges()).isEmpty();
    }

    @Test
    void aFailingSubscriberIsRetriedWithGrowingBackoffThenTheMessageIsDeadWithTheErrorClassOnly() throws Exception {
        OutboxRelay relay = relay(Map.of("kiln.firing.failed", List.of("direct:broken")),
                OutboxRelaySettings.defaults().withMaxAttempts(3), new SimpleMeterRegistry());
        UUID id = db.enqueueCommitted(outbox, "kiln.firing.failed", Map.of("kiln", "k-1"));

        String log;
        try (CapturedOutput out = new CapturedOutput()) {
            assertThat(relay.relayOnce()).isZero();
            Map<String, Object> first = db.row(id);
            assertThat(first.get("status")).isEqualTo("pending");
            assertThat(first.get("attempts")).isEqualTo(1);
            assertThat(first.get("last_error")).isEqualTo("java.lang.IllegalStateException");
            Instant firstRetry = (Instant) first.get("next_attempt_at");
            assertThat(firstRetry).isEqualTo(T0.plusSeconds(1));

            // Not due yet: nothing is tried and nothing changes.
            assertThat(relay.relayOnce()).isZero();
            assertThat(db.row(id).get("attempts")).isEqualTo(1);

            clock.advance(Duration.ofSeconds(1));
            assertThat(relay.relayOnce()).isZero();
            Map<String, Object> second = db.row(id);
            assertThat(second.get("attempts")).isEqualTo(2);
            Instant secondRetry = (Instant) second.get("next_attempt_at");
            assertThat(Duration.between(firstRetry, secondRetry)).isEqualTo(Duration.ofSeconds(2));
            assertThat(Duration.between(firstRetry, secondRetry))
                    .isGreaterThan(Duration.between(T0, firstRetry));

            clock.advance(Duration.ofSeconds(2));
            assertThat(relay.relayOnce()).isZero();
            Map<String, Object> dead = db.row(id);
            assertThat(dead.get("status")).isEqualTo("dead");
            assertThat(dead.get("attempts")).isEqualTo(3);
            assertThat(dead.get("last_error")).isEqualTo("java.lang.IllegalStateException");

            clock.advance(Duration.ofHours(1));
            assertThat(relay.relayOnce()).isZero();
            assertThat(db.row(id).get("attempts")).isEqualTo(3);
            log = out.text();
        }
        List<String> outboxEvents = Arrays.stream(log.split("\n"))
                .filter(line -> line.contains("\"event\":\"outbox."))
                .collect(Collectors.toList());
        assertThat(outboxEvents).filteredOn(line -> line.contains("\"event\":\"outbox.retry\"")).hasSize(2)
                .allSatisfy(line -> assertThat(line)
                        .contains("\"outboxId\":\"" + id + "\"")
                        .contains("\"topic\":\"kiln.firing.failed\"")
                        .contains("\"errorClass\":\"java.lang.IllegalStateException\"")
                        .contains("\"level\":\"WARN\""));
        assertThat(outboxEvents).filteredOn(line -> line.contains("\"event\":\"outbox.dead\"")).singleElement()
                .satisfies(line -> assertThat(line).contains("\"attempts\":3").contains("\"outboxId\":\"" + id + "\""));
        assertThat(String.join("\n", outboxEvents)).doesNotContain("4242").doesNotContain("ada@example.com")
                .doesNotContain("k-1");
    }

    @Test
    void aMessageWithoutSubscriberStaysPendingWithNoSubscriberAndAGrowingWait() throws Exception {
        OutboxRelay relay = relay(Map.of("kiln.*", List.of("mock:kiln")), OutboxRelaySettings.defaults(),
                new SimpleMeterRegistry());
        UUID kiln = db.enqueueCommitted(outbox, "kiln.firing.started", Map.of("kiln", "k-1"));
        UUID orphan = db.enqueueCommitted(outbox, "cockpit.queued", Map.of("item", "i-1"));

        assertThat(relay.relayOnce()).isEqualTo(1);
        assertThat(db.row(kiln).get("status")).isEqualTo("delivered");
        Map<String, Object> waiting = db.row(orphan);
        assertThat(waiting.get("status")).isEqualTo("pending");
        assertThat(waiting.get("last_error")).isEqualTo("NO_SUBSCRIBER");
        assertThat(waiting.get("attempts")).isEqualTo(0);
        assertThat(waiting.get("next_attempt_at")).isEqualTo(T0.plusSeconds(1));

        clock.advance(Duration.ofSeconds(30));
        assertThat(relay.relayOnce()).isZero();
        assertThat(db.row(orphan).get("next_attempt_at")).isEqualTo(T0.plusSeconds(60));

        clock.advance(Duration.ofHours(3));
        assertThat(relay.relayOnce()).isZero();
        Map<String, Object> later = db.row(orphan);
        assertThat(later.get("status")).isEqualTo("pending");
        assertThat(later.get("attempts")).isEqualTo(0);
        assertThat(later.get("next_attempt_at")).isEqualTo(T0.plusSeconds(30).plus(Duration.ofHours(3))
                .plus(Duration.ofMinutes(5)));
        assertThat(mock("mock:kiln").getReceivedExchanges()).hasSize(1);
    }

    @Test
    void theGaugesShowPendingAndDeadCountsReadAtMostOncePerCachePeriod() throws Exception {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        OutboxRelay relay = relay(Map.of("kiln.*", List.of("mock:kiln"), "proposal.created", List.of("direct:broken")),
                OutboxRelaySettings.defaults().withMaxAttempts(1).withGaugeCacheTtl(Duration.ofSeconds(5)), meters);
        db.enqueueCommitted(outbox, "kiln.firing.started", Map.of("kiln", "k-1"));
        db.enqueueCommitted(outbox, "proposal.created", Map.of("proposalId", "p-1"));
        db.enqueueCommitted(outbox, "proposal.created", Map.of("proposalId", "p-2"));
        db.enqueueCommitted(outbox, "cockpit.queued", Map.of("item", "i-1"));

        assertThat(relay.relayOnce()).isEqualTo(1);
        assertThat(gauge(meters, "studio_brain_outbox_pending")).isEqualTo(1.0);
        assertThat(gauge(meters, "studio_brain_outbox_dead")).isEqualTo(2.0);
        assertThat(meters.get("studio_brain_outbox_delivered").counter().count()).isEqualTo(1.0);

        db.enqueueCommitted(outbox, "cockpit.queued", Map.of("item", "i-2"));
        db.enqueueCommitted(outbox, "cockpit.queued", Map.of("item", "i-3"));
        assertThat(gauge(meters, "studio_brain_outbox_pending")).as("within the cache period").isEqualTo(1.0);
        clock.advance(Duration.ofSeconds(5));
        assertThat(gauge(meters, "studio_brain_outbox_pending")).isEqualTo(3.0);

        assertThat(meters.scrape())
                .contains("studio_brain_outbox_pending 3.0")
                .contains("studio_brain_outbox_dead 2.0")
                .contains("studio_brain_outbox_delivered_total 1.0");
    }

    @Test
    void aCrashBetweenDeliveryAndCommitRedeliversTheMessageWithTheSameKey() throws Exception {
        DataSource relayPool = db.openPool(CRASHING_RELAY);
        OutboxRelay relay = track(new OutboxRelay(() -> relayPool, camel,
                Map.of("proposal.approved", List.of("direct:crash-once")), clock, new SimpleMeterRegistry(),
                OutboxRelaySettings.defaults()));
        UUID id = db.enqueueCommitted(outbox, "proposal.approved", Map.of("proposalId", "p-9"));

        assertThatThrownBy(relay::relayOnce).isInstanceOf(SQLException.class);
        assertThat(relayConnectionKilled).as("the relay's session was found and killed mid-batch").isTrue();
        Map<String, Object> afterCrash = db.row(id);
        assertThat(afterCrash.get("status")).isEqualTo("pending");
        assertThat(afterCrash.get("attempts")).isEqualTo(0);
        assertThat(afterCrash.get("delivered_at")).isNull();

        assertThat(relay.relayOnce()).isEqualTo(1);
        assertThat(crashRouteKeys).containsExactly(id.toString(), id.toString());
        assertThat(db.row(id).get("status")).isEqualTo("delivered");
    }

    @Test
    void whenOneOfSeveralSubscribersFailsTheRetryReachesAllOfThemAgainWithTheSameKey() throws Exception {
        OutboxRelay relay = relay(Map.of("kiln.*", List.of("mock:first", "direct:flaky")),
                OutboxRelaySettings.defaults(), new SimpleMeterRegistry());
        UUID id = db.enqueueCommitted(outbox, "kiln.firing.done", Map.of("kiln", "k-2"));

        assertThat(relay.relayOnce()).isZero();
        assertThat(db.row(id).get("attempts")).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(relay.relayOnce()).isEqualTo(1);

        List<Exchange> first = mock("mock:first").getReceivedExchanges();
        assertThat(first).hasSize(2);
        assertThat(first).allSatisfy(e -> assertThat(e.getMessage().getHeader("Idempotency-Key"))
                .isEqualTo(id.toString()));
        assertThat(mock("mock:after-flaky").getReceivedExchanges()).hasSize(1);
        assertThat(db.row(id).get("status")).isEqualTo("delivered");
    }

    @Test
    void aRelayWhoseCamelIsNotRunningLeavesMessagesUntouched() throws Exception {
        try (DefaultCamelContext stopped = new DefaultCamelContext()) {
            OutboxRelay relay = track(new OutboxRelay(db::dataSource, stopped, Map.of("*", List.of("mock:all")), clock,
                    new SimpleMeterRegistry(), OutboxRelaySettings.defaults()));
            UUID id = db.enqueueCommitted(outbox, "proposal.created", Map.of("proposalId", "p-3"));
            assertThat(relay.relayOnce()).isZero();
            Map<String, Object> row = db.row(id);
            assertThat(row.get("status")).isEqualTo("pending");
            assertThat(row.get("attempts")).isEqualTo(0);
            assertThat(row.get("last_error")).isNull();
        }
    }

    @Test
    void badSettingsAreRefusedWithTheirName() {
        assertThatThrownBy(() -> OutboxRelaySettings.defaults().withMaxAttempts(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> OutboxRelaySettings.defaults().withBackoff(Duration.ofMinutes(5), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backoffCap");
        assertThatThrownBy(() -> OutboxRelaySettings.defaults().withBatchSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize");
    }

    private OutboxRelay relay(Map<String, List<String>> subscribers, OutboxRelaySettings settings,
                              MeterRegistry meters) {
        return track(new OutboxRelay(db::dataSource, camel, subscribers, clock, meters, settings));
    }

    private OutboxRelay track(OutboxRelay relay) {
        relays.add(relay);
        return relay;
    }

    private MockEndpoint mock(String uri) {
        return camel.getEndpoint(uri, MockEndpoint.class);
    }

    private static double gauge(MeterRegistry meters, String name) {
        return meters.get(name).gauge().value();
    }

    /** Terminates the session of that pool that is inside a transaction, and waits until it is gone. */
    private boolean killSessionInTransaction(String applicationName) throws SQLException, InterruptedException {
        List<Integer> killed = new ArrayList<>();
        try (Connection c = db.ownerDataSource().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select pid from pg_stat_activity where application_name = '"
                    + applicationName + "' and state = 'idle in transaction'")) {
                while (rs.next()) {
                    killed.add(rs.getInt(1));
                }
            }
            for (int pid : killed) {
                s.execute("select pg_terminate_backend(" + pid + ")");
            }
        }
        if (killed.size() != 1) {
            return false;
        }
        for (int i = 0; i < 500; i++) {
            try (Connection c = db.ownerDataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select count(*) from pg_stat_activity where pid = " + killed.get(0))) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    return true;
                }
            }
            Thread.sleep(10);
        }
        return false;
    }
}
