package studio.brain.gate;

/**
 * Every reason the gate gives, stable and documented ({@code docs/policy-gate.md}); an HTTP answer maps each to a
 * status. New codes are added, never renamed.
 */
public enum ReasonCode {
    /** Allowed; the proposal waits for a human decision. */
    APPROVAL_REQUIRED(202),
    /** Allowed without a human decision: a live exemption or an approval-free (read) capability. */
    ALLOWED(200),
    UNKNOWN_CAPABILITY(404),
    PROPOSAL_NOT_FOUND(404),
    CAPABILITY_DISABLED(403),
    /** Writes are off in anchor mode. */
    WRITES_DISABLED(403),
    INVALID_INPUT(422),
    RATIONALE_REQUIRED(422),
    NOT_AUTHENTICATED(401),
    FORBIDDEN(403),
    /** An agent's delegation lacks the scope for this capability and action. */
    SCOPE_MISSING(403),
    DELEGATION_EXPIRED(403),
    DELEGATION_REVOKED(403),
    /** The agent's owner is not the owner of the resource it proposes on (confused deputy). */
    OWNER_MISMATCH(403),
    TENANT_MISMATCH(403),
    /** The kill switch is on, or policy forbids this. */
    BLOCKED_BY_POLICY(403),
    INTAKE_HOLD(409),
    RATE_LIMITED(429),
    SELF_APPROVAL(403),
    ALREADY_DECIDED(409),
    PROPOSAL_EXPIRED(409),
    NOT_APPROVED(409),
    GRANT_INVALID(403),
    IDEMPOTENCY_CONFLICT(409),
    DUPLICATE(200),
    NOT_EXEMPTABLE(422),
    /** A medium-or-higher risk action runs only after staff have looked at its dry run. */
    DRY_RUN_REQUIRED(409),
    /** The action was sent but its effect could not be confirmed (timeout, no read-back); never retried blindly. */
    OUTCOME_UNKNOWN(502),
    /** The device is not on the command allowlist in policies/. */
    DEVICE_NOT_ALLOWED(403),
    /** The command is not allowed for this device (only on/off, never locks, doors, mains or mobility). */
    COMMAND_NOT_ALLOWED(403);

    private final int httpStatus;

    ReasonCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
