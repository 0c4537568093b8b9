package studio.brain.gate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import studio.brain.ledger.SigningKey;

/** Mints execution grants: a {@code grants} row (for single use) and the signed token that names it. */
final class Grants {
    static final Duration LIFETIME = Duration.ofHours(1);

    private Grants() {
    }

    static String mint(Connection c, SigningKey key, UUID proposalId, String capabilityId, String tenantId,
                       String inputHash, Instant now) throws SQLException {
        GrantToken grant = new GrantToken(UUID.randomUUID(), proposalId, capabilityId, tenantId, inputHash,
                GrantToken.idempotencyKeyFor(proposalId, capabilityId),
                now.plus(LIFETIME));
        try (PreparedStatement ps = c.prepareStatement("insert into grants (id, proposal_id, tenant_id, capability_id, "
                + "input_hash, idempotency_key, expires_at, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, grant.grantId());
            ps.setObject(2, grant.proposalId());
            ps.setString(3, grant.tenantId());
            ps.setString(4, grant.capabilityId());
            ps.setString(5, grant.inputHash());
            ps.setString(6, grant.idempotencyKey());
            ps.setTimestamp(7, Timestamp.from(grant.expiresAt()));
            ps.setTimestamp(8, Timestamp.from(now));
            ps.executeUpdate();
        }
        return grant.sign(key);
    }
}
