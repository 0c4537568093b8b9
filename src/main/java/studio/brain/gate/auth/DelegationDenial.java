package studio.brain.gate.auth;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import studio.brain.gate.ReasonCode;

/**
 * One refused delegation token: why, when, and the checks made up to the refusal. The agent and delegation are
 * named only when the token's signature verified (null otherwise): an unverified claim could name anyone.
 */
public record DelegationDenial(long id, String tenantId, Instant at, ReasonCode reason, String agentUid,
                               UUID delegationId, String message, List<String> trace) {
    public DelegationDenial {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        trace = List.copyOf(trace);
    }
}
