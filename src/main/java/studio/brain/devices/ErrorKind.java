package studio.brain.devices;

/**
 * The connector error taxonomy. A failure is classified from its status code or exception type, never from its
 * message text, so a vendor rewording an error cannot change how the hub reacts.
 */
public enum ErrorKind {
    /** Credentials refused (401, 403, MQTT "not authorized"). Retrying will not help until someone fixes them. */
    AUTH(false),
    TIMEOUT(true),
    /** Refused connection, 5xx, broker down, breaker open. */
    UNAVAILABLE(true),
    /** 429; wait for Retry-After. */
    RATE_LIMITED(true),
    /** The system answered, but not with what its documentation promises (malformed JSON, wrong types). */
    BAD_RESPONSE(false),
    /** A write was asked of a read-only connector. */
    READ_ONLY_VIOLATION(false),
    UNKNOWN(false);

    private final boolean retryable;

    ErrorKind(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
