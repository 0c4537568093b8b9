package studio.brain.gate.auth;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Staff's grant to an AI agent: it may act for its owner (a studio member) within the scopes until the expiry, unless
 * revoked first. Never edited; a revocation is recorded once, with who revoked it and why.
 */
public record Delegation(UUID id, String tenantId, String ownerUid, String agentUid, SortedSet<String> scopes,
                         String issuedBy, Instant issuedAt, Instant expiresAt,
                         Instant revokedAt, String revokedBy, String revokeReason) {

    /** Where a delegation stands at a moment. */
    public enum Status {
        ACTIVE, EXPIRED, REVOKED
    }

    public Delegation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(ownerUid, "ownerUid");
        Objects.requireNonNull(agentUid, "agentUid");
        Objects.requireNonNull(issuedBy, "issuedBy");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        scopes = Collections.unmodifiableSortedSet(new TreeSet<>(Objects.requireNonNull(scopes, "scopes")));
    }

    static Delegation issued(UUID id, String tenantId, String ownerUid, String agentUid, Set<String> scopes,
                             String issuedBy, Instant issuedAt, Instant expiresAt) {
        return new Delegation(id, tenantId, ownerUid, agentUid, new TreeSet<>(scopes), issuedBy, issuedAt, expiresAt,
                null, null, null);
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    /** Expired from its expiry instant on. */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** Revocation wins over expiry: a revoked delegation says so even after it would have expired. */
    public Status statusAt(Instant now) {
        if (revoked()) {
            return Status.REVOKED;
        }
        return expiredAt(now) ? Status.EXPIRED : Status.ACTIVE;
    }
}
