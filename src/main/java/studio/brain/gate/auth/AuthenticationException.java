package studio.brain.gate.auth;

import java.util.List;
import java.util.Objects;
import studio.brain.gate.ReasonCode;

/**
 * A credential was refused: missing, malformed, forged, expired, of the wrong kind, or valid but not enough. The
 * reason code is what a caller acts on ({@link ReasonCode#NOT_AUTHENTICATED} means "sign in again"); the message
 * says what was wrong in words and never contains the credential itself. A refused delegation token also carries the
 * checks that were made, in order, up to the one that failed.
 */
public final class AuthenticationException extends RuntimeException {
    private final ReasonCode reason;
    private final List<String> trace;

    public AuthenticationException(ReasonCode reason, String message) {
        this(reason, message, List.of());
    }

    public AuthenticationException(ReasonCode reason, String message, List<String> trace) {
        // No cause is ever attached: a parser's exception may quote the input, and the input is a credential.
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.trace = List.copyOf(trace);
    }

    public ReasonCode reason() {
        return reason;
    }

    public List<String> trace() {
        return trace;
    }
}
