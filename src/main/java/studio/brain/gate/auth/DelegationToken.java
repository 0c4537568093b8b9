package studio.brain.gate.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import studio.brain.config.Secret;

/**
 * A short-lived signed delegation token, as handed to an agent: it presents the value as
 * {@code Authorization: Delegation <value>}. The value is a {@link Secret} (it prints masked); {@code id} is the
 * token's {@code jti}, safe to log and to show.
 */
public record DelegationToken(Secret value, UUID delegationId, String id, Instant expiresAt) {
    public DelegationToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(delegationId, "delegationId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
