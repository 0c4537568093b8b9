package studio.brain.cloud;

import java.util.Objects;

/**
 * A failed read from a cloud source. Its {@link ErrorKind} is chosen from status codes and exception types,
 * never from message text, and its message never holds a key or a token.
 */
public class CloudReadException extends RuntimeException {

    public enum ErrorKind {
        TIMEOUT, UNAVAILABLE, AUTH, NOT_FOUND, BAD_REQUEST, UNKNOWN;

        /** The kind an HTTP status answers for. */
        public static ErrorKind fromHttpStatus(int status) {
            return switch (status) {
                case 401, 403 -> AUTH;
                case 404 -> NOT_FOUND;
                case 400, 409, 413, 422 -> BAD_REQUEST;
                case 408, 504 -> TIMEOUT;
                case 429, 500, 502, 503 -> UNAVAILABLE;
                default -> status >= 500 ? UNAVAILABLE : UNKNOWN;
            };
        }

        /** Whether trying again later may succeed. */
        public boolean transientFailure() {
            return this == TIMEOUT || this == UNAVAILABLE;
        }
    }

    private final ErrorKind kind;

    public CloudReadException(ErrorKind kind, String message) {
        this(kind, message, null);
    }

    public CloudReadException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public ErrorKind kind() {
        return kind;
    }
}
