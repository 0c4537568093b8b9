package studio.brain.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import studio.brain.hash.CanonicalJson;

/**
 * The writing side of the transactional outbox: a message is written in the same transaction as the rows it
 * announces (a proposal, a ledger entry), so it exists exactly when they do, and the {@link OutboxRelay} delivers
 * it at least once afterwards. A message is never sent directly from a business transaction: a send cannot be
 * rolled back, a row can.
 */
public final class Outbox {
    /**
     * Dotted lower-case names such as {@code proposal.created}: the grammar the subscriber configuration
     * ({@code STUDIO_BRAIN_OUTBOX_SUBSCRIBERS}) accepts, so every topic that can be written can be subscribed to by
     * name. {@code *} is reserved for subscription patterns.
     */
    private static final Pattern TOPIC = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");
    private static final int MAX_TOPIC_LENGTH = 200;

    private static final String INSERT = "insert into outbox "
            + "(id, tenant_id, topic, payload, status, attempts, next_attempt_at, created_at) "
            + "values (?, ?, ?, ?::jsonb, 'pending', 0, ?, ?)";

    private final Clock clock;

    public Outbox(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Writes a message in the caller's open transaction and returns its id, which is also the
     * {@code Idempotency-Key} every delivery of it carries.
     *
     * @param connection a connection with a transaction in progress (auto-commit off); the message commits or
     *                   rolls back with it
     * @param payload    any value Jackson can write (a map, a record, a list); a JSON text must be passed as
     *                   {@link CanonicalJson.Json}, or it would be stored as one JSON string. Stored as canonical
     *                   JSON.
     */
    public UUID enqueue(Connection connection, String tenantId, String topic, Object payload) throws SQLException {
        return enqueueAll(connection, List.of(new Message(tenantId, topic, payload))).get(0);
    }

    /** One message to write: its studio, its topic and its payload (see {@link #enqueue}). */
    public record Message(String tenantId, String topic, Object payload) {
    }

    /**
     * Writes several messages in the caller's open transaction, sent to the database together, and returns their
     * ids in order. Every message is checked before any is written.
     */
    public List<UUID> enqueueAll(Connection connection, List<Message> messages) throws SQLException {
        Objects.requireNonNull(connection, "connection");
        List<String> payloads = new ArrayList<>(messages.size());
        for (Message message : messages) {
            if (message.tenantId() == null || message.tenantId().isBlank()) {
                throw new IllegalArgumentException("an outbox message needs a tenantId, not null or blank");
            }
            requireTopic(message.topic());
            if (message.payload() == null) {
                throw new IllegalArgumentException("an outbox message on topic '" + message.topic()
                        + "' needs a payload, not null");
            }
            payloads.add(CanonicalJson.of(message.payload()));
        }
        if (connection.getAutoCommit()) {
            throw new IllegalArgumentException("the connection is in auto-commit mode; an outbox message must be "
                    + "written in the caller's transaction, so that it commits or rolls back with the caller's rows");
        }
        List<UUID> ids = new ArrayList<>(messages.size());
        Instant now = clock.instant();
        try (PreparedStatement ps = connection.prepareStatement(INSERT)) {
            for (int i = 0; i < messages.size(); i++) {
                UUID id = UUID.randomUUID();
                ps.setObject(1, id);
                ps.setString(2, messages.get(i).tenantId());
                ps.setString(3, messages.get(i).topic());
                ps.setString(4, payloads.get(i));
                ps.setObject(5, now.atOffset(ZoneOffset.UTC));
                ps.setObject(6, now.atOffset(ZoneOffset.UTC));
                ps.addBatch();
                ids.add(id);
            }
            if (!ids.isEmpty()) {
                ps.executeBatch();
            }
        }
        return ids;
    }

    static String requireTopic(String topic) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("an outbox topic must not be null or blank");
        }
        if (topic.length() > MAX_TOPIC_LENGTH || !TOPIC.matcher(topic).matches()) {
            throw new IllegalArgumentException("invalid outbox topic '" + abbreviated(topic) + "': use dotted "
                    + "lower-case names of letters, digits and '_', each part starting with a letter "
                    + "(e.g. 'proposal.created'), at most " + MAX_TOPIC_LENGTH + " characters; '*' belongs only in "
                    + "subscriptions");
        }
        return topic;
    }

    private static String abbreviated(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }
}
