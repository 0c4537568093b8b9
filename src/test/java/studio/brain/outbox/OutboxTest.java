package studio.brain.outbox;

import studio.brain.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import studio.brain.hash.CanonicalJson;

/** A message exists exactly when the transaction that wrote it commits. */
class OutboxTest {
    private static final Instant T0 = Instant.parse("2026-11-30T09:00:00Z");

    private final OutboxDatabase db = new OutboxDatabase();
    private final Outbox outbox = new Outbox(new MutableClock(T0));

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    @Test
    void aRolledBackTransactionLeavesNoMessage() throws Exception {
        UUID id;
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            id = outbox.enqueue(c, "studio-main", "proposal.created", Map.of("proposalId", "p-1"));
            c.rollback();
        }
        assertThat(db.count("true")).isZero();
        assertThat(db.count("id = '" + id + "'")).isZero();
    }

    @Test
    void aCommittedMessageIsPendingWithCanonicalPayloadAndDueAtOnce() throws Exception {
        UUID id;
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            id = outbox.enqueue(c, "studio-main", "proposal.created",
                    new CanonicalJson.Json("{\"b\": [1, 2], \"a\": \"kiln\"}"));
            c.commit();
        }
        Map<String, Object> row = db.row(id);
        assertThat(row.get("tenant_id")).isEqualTo("studio-main");
        assertThat(row.get("topic")).isEqualTo("proposal.created");
        assertThat(row.get("status")).isEqualTo("pending");
        assertThat(row.get("attempts")).isEqualTo(0);
        assertThat(row.get("created_at")).isEqualTo(T0);
        assertThat(row.get("next_attempt_at")).isEqualTo(T0);
        assertThat(row.get("delivered_at")).isNull();
        assertThat(CanonicalJson.of(new CanonicalJson.Json((String) row.get("payload"))))
                .isEqualTo("{\"a\":\"kiln\",\"b\":[1,2]}");
    }

    @Test
    void anAutoCommitConnectionIsRefusedBecauseTheMessageMustJoinATransaction() throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(true);
            assertThatThrownBy(() -> outbox.enqueue(c, "studio-main", "proposal.created", Map.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("auto-commit");
        }
        assertThat(db.count("true")).isZero();
    }

    @Test
    void badInputIsRefusedWithAClearMessageAndWritesNothing() throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            assertThatThrownBy(() -> outbox.enqueue(c, "studio-main", null, Map.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topic must not be null or blank");
            assertThatThrownBy(() -> outbox.enqueue(c, "studio-main", "  ", Map.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topic must not be null or blank");
            assertThatThrownBy(() -> outbox.enqueue(c, "studio-main", "proposal.*", Map.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid outbox topic");
            assertThatThrownBy(() -> outbox.enqueue(c, "studio-main", "proposal created", Map.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid outbox topic");
            assertThatThrownBy(() -> outbox.enqueue(c, "studio-main", "Proposal.Created", Map.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid outbox topic");
            assertThatThrownBy(() -> outbox.enqueue(c, "studio-main", "proposal..created", Map.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid outbox topic");
            assertThatThrownBy(() -> outbox.enqueue(c, "", "proposal.created", Map.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tenantId");
            assertThatThrownBy(() -> outbox.enqueue(c, "studio-main", "proposal.created", null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("payload");
            c.commit();
        }
        assertThat(db.count("true")).isZero();
    }
}
