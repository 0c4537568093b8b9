package studio.brain.gate;

import java.time.Duration;
import java.util.UUID;

/** A refusal with its reason code (and, where it applies, the decision id and when to retry). */
public final class GateException extends RuntimeException {
    private final ReasonCode reason;
    private final UUID decisionId;
    private final Duration retryAfter;

    public GateException(ReasonCode reason, String message) {
        this(reason, message, null, null);
    }

    public GateException(ReasonCode reason, String message, UUID decisionId, Duration retryAfter) {
        super(message);
        this.reason = reason;
        this.decisionId = decisionId;
        this.retryAfter = retryAfter;
    }

    public ReasonCode reason() {
        return reason;
    }

    public UUID decisionId() {
        return decisionId;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
