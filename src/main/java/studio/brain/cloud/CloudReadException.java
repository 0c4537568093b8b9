package studio.brain.cloud;

import java.util.Objects;

/**
 * A read from a {@link DocumentSource} failed. The {@link ErrorKind} is decided from the transport's status code or
 * the exception's type, never from message text, so callers can decide on retries and alerts reliably. The message
 * names the operation and the kind only: it never carries credentials, tokens or a server's free text.
 */
public class CloudReadException extends RuntimeException {

    /** What went wrong, in the terms a caller acts on. */
    public enum ErrorKind {
        /** The per-query time limit passed, or the server's deadline did: retry later. */
        TIMEOUT,
        /** The source could not be reached or is overloaded: retry later. */
        UNAVAILABLE,
        /** Credentials are missing, wrong or lack permission: retrying will not help. */
        AUTH,
        /** The database or collection root does not exist (a missing document is an empty Optional, not this). */
        NOT_FOUND,
        /** The request itself is wrong (bad path, filter the source refuses, missing index). */
        BAD_REQUEST,
        /** Anything else. */
        UNKNOWN
    }

    private final ErrorKind kind;

    public CloudReadException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public CloudReadException(ErrorKind kind, String message) {
        this(kind, message, null);
    }

    public ErrorKind kind() {
        return kind;
    }
}
