package studio.brain.intake;

import java.util.Objects;

/**
 * A webhook delivery that failed the signature check. The message says what was wrong for the sender; it never
 * contains a secret or the signature that was expected. The hub answers 401 and keeps nothing of the delivery.
 */
public final class WebhookRejected extends RuntimeException {
    /** Why a delivery was refused; stable names, safe to log and to return. */
    public enum Reason {
        /** {@code webhook-id}, {@code webhook-timestamp} or {@code webhook-signature} is missing or blank. */
        MISSING_HEADERS,
        /** {@code webhook-timestamp} is not whole unix seconds. */
        BAD_TIMESTAMP,
        /** The timestamp is more than the tolerance in the past. */
        TOO_OLD,
        /** The timestamp is more than the tolerance in the future. */
        IN_THE_FUTURE,
        /** No {@code v1} signature matches the body under any active secret. */
        BAD_SIGNATURE
    }

    private final Reason reason;

    public WebhookRejected(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
