package studio.brain.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RollbackExchangeException;
import org.apache.camel.RuntimeCamelException;
import studio.brain.hash.CanonicalJson;
import studio.brain.observability.EventLog;

/**
 * Delivers outbox messages to the Camel endpoints subscribed to their topic, at least once.
 *
 * <p>Each {@link #relayOnce()} claims a batch of due pending rows with {@code FOR UPDATE SKIP LOCKED}, delivers
 * them, and records every outcome in the same transaction that holds the locks. So two relays (threads or hub
 * instances on one database) never deliver one row at the same time, and a relay that dies after a delivery but
 * before its commit leaves the row pending: it is delivered again, with the same {@code Idempotency-Key} (the
 * outbox id), which is how subscribers recognise the repeat. Delivery order is not guaranteed.
 *
 * <p>A message goes to every endpoint its topic resolves to, in order; if one fails, the next attempt sends to all
 * of them again (again with the same key). A failure adds an attempt, records only the exception's class name
 * (an exception message may quote the payload or a secret) and waits an exponentially growing back-off; when the
 * attempts reach {@link OutboxRelaySettings#maxAttempts()} the message is {@code dead} and counted on the dead
 * gauge for an operator.
 *
 * <p>A message whose topic has no subscriber is neither dropped nor made dead. Its row is the only record that the
 * event happened (it was committed with the business rows it announces), and the usual cause is configuration —
 * the subscriber is not wired yet, or the topic is misspelt on one side — which is fixed by configuration, after
 * which the message should simply flow. So it stays pending with {@code last_error = 'NO_SUBSCRIBER'}, visible on
 * the pending gauge, checked again after a wait that grows with its age (up to the back-off cap) so it does not
 * occupy the relay, and without spending the attempts that are kept for real deliveries.
 */
public final class OutboxRelay implements AutoCloseable {
    /** The outbox id: the same on every delivery of one message, so a subscriber can drop repeats. */
    public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
    public static final String TOPIC_HEADER = "StudioBrainOutboxTopic";
    public static final String TENANT_HEADER = "StudioBrainTenantId";
    /** {@code last_error} of a message whose topic nobody subscribes to. */
    public static final String NO_SUBSCRIBER = "NO_SUBSCRIBER";

    private static final EventLog LOG = EventLog.of("outbox");

    private static final String CLAIM = """
            select id, tenant_id, topic, payload::text, attempts, created_at
            from outbox
            where status = 'pending' and next_attempt_at <= ?
            order by next_attempt_at, created_at
            limit ?
            for update skip locked
            """;
    private static final String MARK_DELIVERED = "update outbox set status = 'delivered', delivered_at = ?, "
            + "last_error = null where id = any(?)";
    private static final String MARK_NOT_DELIVERED = "update outbox set status = ?, attempts = ?, last_error = ?, "
            + "next_attempt_at = ? where id = ?";

    private enum Kind {
        DELIVERED, RETRY, DEAD, NO_SUBSCRIBER
    }

    /** What happened to one claimed message in this batch; written to its row, then logged after the commit. */
    private record Result(ClaimedMessage message, Kind kind, int attempts, String errorClass, Instant nextAttemptAt) {
    }

    private final Supplier<DataSource> dataSource;
    private final CamelContext camel;
    private final TopicSubscriptions subscriptions;
    private final Clock clock;
    private final OutboxRelaySettings settings;
    private final Backoff backoff;
    private final OutboxMetrics metrics;
    private ProducerTemplate producer;
    private final boolean ownsProducer;

    /** A relay sending with the given template (its owner stops it). */
    public OutboxRelay(Supplier<DataSource> dataSource, ProducerTemplate producer,
                       Map<String, List<String>> subscribers, Clock clock, MeterRegistry meters,
                       OutboxRelaySettings settings) {
        this(dataSource, Objects.requireNonNull(producer, "producer").getCamelContext(), producer, subscribers, clock,
                meters, settings);
    }

    /**
     * A relay sending through the given Camel context; its template is created on first use (the context may not
     * be started when the relay is built) and stopped by {@link #close()}.
     */
    public OutboxRelay(Supplier<DataSource> dataSource, CamelContext camel, Map<String, List<String>> subscribers,
                       Clock clock, MeterRegistry meters, OutboxRelaySettings settings) {
        this(dataSource, camel, null, subscribers, clock, meters, settings);
    }

    private OutboxRelay(Supplier<DataSource> dataSource, CamelContext camel, ProducerTemplate producer,
                        Map<String, List<String>> subscribers, Clock clock, MeterRegistry meters,
                        OutboxRelaySettings settings) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.camel = Objects.requireNonNull(camel, "camel");
        this.producer = producer;
        this.ownsProducer = producer == null;
        this.subscriptions = new TopicSubscriptions(subscribers);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.backoff = new Backoff(settings.backoffBase(), settings.backoffCap());
        this.metrics = new OutboxMetrics(dataSource, clock, settings.gaugeCacheTtl(),
                Objects.requireNonNull(meters, "meters"));
    }

    /**
     * Claims one batch of due messages, delivers them and records the outcomes in one transaction.
     *
     * @return how many messages were delivered (failures and messages without subscriber not counted)
     * @throws SQLException when the database fails; nothing of the batch is recorded then, so its messages stay
     *                      pending and are delivered again later
     */
    public int relayOnce() throws SQLException {
        if (!camel.isStarted()) {
            // While Camel starts or stops a delivery fails for reasons that are not the message's; wait instead of
            // spending its attempts.
            return 0;
        }
        List<Result> results;
        try (Connection c = dataSource.get().getConnection()) {
            c.setAutoCommit(false);
            try {
                results = deliver(claim(c));
                record(c, results);
                c.commit();
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(c);
                throw e;
            }
        }
        return report(results);
    }

    public OutboxRelaySettings settings() {
        return settings;
    }

    @Override
    public synchronized void close() {
        if (ownsProducer && producer != null) {
            try {
                producer.stop();
            } catch (RuntimeException e) {
                LOG.warn("outbox.producer_stop_failed", "errorClass", e.getClass().getName());
            }
            producer = null;
        }
    }

    private List<ClaimedMessage> claim(Connection c) throws SQLException {
        List<ClaimedMessage> claimed = new ArrayList<>(settings.batchSize());
        try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
            ps.setObject(1, utc(clock.instant()));
            ps.setInt(2, settings.batchSize());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // jsonb prints its own spacing and key order; subscribers get the canonical text that was written.
                    String payload = CanonicalJson.of(new CanonicalJson.Json(rs.getString(4)));
                    claimed.add(new ClaimedMessage(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                            payload, rs.getInt(5), rs.getObject(6, OffsetDateTime.class).toInstant()));
                }
            }
        }
        return claimed;
    }

    private List<Result> deliver(List<ClaimedMessage> claimed) {
        List<Result> results = new ArrayList<>(claimed.size());
        for (ClaimedMessage message : claimed) {
            if (!camel.isStarted()) {
                break; // stopping: the rest of the batch stays pending, untouched, for the next relay
            }
            List<String> endpoints = subscriptions.endpointsFor(message.topic());
            if (endpoints.isEmpty()) {
                Instant now = clock.instant();
                Duration wait = backoff.whileUnsubscribed(Duration.between(message.createdAt(), now));
                results.add(new Result(message, Kind.NO_SUBSCRIBER, message.attempts(), NO_SUBSCRIBER, now.plus(wait)));
                continue;
            }
            Exception failure = send(message, endpoints);
            Instant now = clock.instant();
            if (failure == null) {
                results.add(new Result(message, Kind.DELIVERED, message.attempts() + 1, null, null));
                continue;
            }
            int attempts = message.attempts() + 1;
            String errorClass = errorClassOf(failure);
            results.add(attempts >= settings.maxAttempts()
                    ? new Result(message, Kind.DEAD, attempts, errorClass, now)
                    : new Result(message, Kind.RETRY, attempts, errorClass, now.plus(backoff.afterFailures(attempts))));
        }
        return results;
    }

    /** Sends to each endpoint in turn; the first failure, or null when every endpoint took the message. */
    private Exception send(ClaimedMessage message, List<String> endpoints) {
        ProducerTemplate template = producer();
        for (String uri : endpoints) {
            try {
                Exchange exchange = template.send(uri, ExchangePattern.InOnly, e -> {
                    Message m = e.getMessage();
                    m.setBody(message.payloadJson());
                    m.setHeader(Exchange.CONTENT_TYPE, "application/json");
                    m.setHeader(IDEMPOTENCY_KEY_HEADER, message.id().toString());
                    m.setHeader(TOPIC_HEADER, message.topic());
                    m.setHeader(TENANT_HEADER, message.tenantId());
                });
                if (exchange.getException() != null) {
                    return exchange.getException();
                }
                if (exchange.isRollbackOnly()) {
                    return new RollbackExchangeException(exchange);
                }
            } catch (RuntimeException e) {
                return e; // e.g. an endpoint URI Camel cannot resolve: a failed attempt like any other
            }
        }
        return null;
    }

    private void record(Connection c, List<Result> results) throws SQLException {
        List<UUID> delivered = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(MARK_NOT_DELIVERED)) {
            boolean batched = false;
            for (Result r : results) {
                if (r.kind() == Kind.DELIVERED) {
                    delivered.add(r.message().id());
                    continue;
                }
                ps.setString(1, r.kind() == Kind.DEAD ? "dead" : "pending");
                ps.setInt(2, r.attempts());
                ps.setString(3, r.errorClass());
                ps.setObject(4, utc(r.nextAttemptAt()));
                ps.setObject(5, r.message().id());
                ps.addBatch();
                batched = true;
            }
            if (batched) {
                ps.executeBatch();
            }
        }
        if (!delivered.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(MARK_DELIVERED)) {
                ps.setObject(1, utc(clock.instant()));
                ps.setArray(2, c.createArrayOf("uuid", delivered.toArray()));
                ps.executeUpdate();
            }
        }
    }

    /** Logs and counts what the committed batch did; returns how many messages were delivered. */
    private int report(List<Result> results) {
        int delivered = 0;
        for (Result r : results) {
            ClaimedMessage m = r.message();
            switch (r.kind()) {
                case DELIVERED -> {
                    delivered++;
                    LOG.debug("outbox.delivered", "outboxId", m.id().toString(), "topic", m.topic(),
                            "tenantId", m.tenantId(), "attempts", r.attempts());
                }
                case RETRY -> LOG.warn("outbox.retry", "outboxId", m.id().toString(), "topic", m.topic(),
                        "tenantId", m.tenantId(), "attempts", r.attempts(), "errorClass", r.errorClass(),
                        "nextAttemptAt", r.nextAttemptAt().toString());
                case DEAD -> LOG.warn("outbox.dead", "outboxId", m.id().toString(), "topic", m.topic(),
                        "tenantId", m.tenantId(), "attempts", r.attempts(), "errorClass", r.errorClass());
                case NO_SUBSCRIBER -> LOG.warn("outbox.no_subscriber", "outboxId", m.id().toString(),
                        "topic", m.topic(), "tenantId", m.tenantId(), "nextAttemptAt", r.nextAttemptAt().toString());
            }
        }
        metrics.delivered(delivered);
        return delivered;
    }

    /** The class of what actually failed; Camel's wrappers around it say nothing about why. */
    static String errorClassOf(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null
                && (t instanceof CamelExecutionException || t.getClass() == RuntimeCamelException.class)) {
            t = t.getCause();
        }
        return t.getClass().getName();
    }

    private synchronized ProducerTemplate producer() {
        if (producer == null) {
            producer = camel.createProducerTemplate();
        }
        return producer;
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // The connection is broken; PostgreSQL rolls the transaction back and releases the locks by itself.
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
