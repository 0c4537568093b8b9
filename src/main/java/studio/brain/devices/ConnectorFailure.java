package studio.brain.devices;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A connector call that failed, already classified. The message names the connector and what went wrong in the
 * hub's own words; it never carries a URL with its query, a token or a password.
 */
public final class ConnectorFailure extends RuntimeException {
    private final String connector;
    private final ErrorKind kind;
    private final Duration retryAfter;

    public ConnectorFailure(String connector, ErrorKind kind, String message, Duration retryAfter) {
        super(connector + ": " + kind + ": " + message);
        this.connector = Objects.requireNonNull(connector, "connector");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.retryAfter = retryAfter;
    }

    public ConnectorFailure(String connector, ErrorKind kind, String message) {
        this(connector, kind, message, null);
    }

    public String connector() {
        return connector;
    }

    public ErrorKind kind() {
        return kind;
    }

    /** The message without the connector and kind in front (they are shown beside it). */
    public String reason() {
        String prefix = connector + ": " + kind + ": ";
        String message = getMessage();
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    public boolean retryable() {
        return kind.retryable();
    }

    /** How long the system asked us to wait (429 Retry-After), when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
