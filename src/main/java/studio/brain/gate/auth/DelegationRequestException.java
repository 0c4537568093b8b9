package studio.brain.gate.auth;

import java.util.Objects;
import studio.brain.gate.ReasonCode;

/**
 * A request to issue, revoke or renew a delegation was refused: the caller is not staff of this studio
 * ({@link ReasonCode#FORBIDDEN}, {@link ReasonCode#TENANT_MISMATCH}), the request itself is wrong
 * ({@link ReasonCode#INVALID_INPUT}: a malformed scope, a lifetime over 30 days, a missing reason), or the delegation
 * can no longer be used ({@link ReasonCode#DELEGATION_EXPIRED}, {@link ReasonCode#DELEGATION_REVOKED}).
 */
public final class DelegationRequestException extends RuntimeException {
    private final ReasonCode reason;

    public DelegationRequestException(ReasonCode reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public ReasonCode reason() {
        return reason;
    }
}
