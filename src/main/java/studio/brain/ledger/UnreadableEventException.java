package studio.brain.ledger;

/** A stored event that no longer forms a valid record: to a verifier, an edited event. */
public final class UnreadableEventException extends RuntimeException {
    private final long seq;

    public UnreadableEventException(long seq, Throwable cause) {
        super("event " + seq + " is not a valid audit record", cause);
        this.seq = seq;
    }

    public long seq() {
        return seq;
    }
}
