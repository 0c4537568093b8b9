package studio.brain.ledger;

/** An audit event could not be committed; whatever it was to record must not be treated as done. */
public final class LedgerUnavailableException extends RuntimeException {
    public LedgerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
