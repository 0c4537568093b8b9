package studio.brain.outbox;

import java.time.Instant;
import java.util.UUID;

/** An outbox row the relay has locked for this batch; {@code attempts} counts its failed deliveries so far. */
record ClaimedMessage(UUID id, String tenantId, String topic, String payloadJson, int attempts, Instant createdAt) {
}
