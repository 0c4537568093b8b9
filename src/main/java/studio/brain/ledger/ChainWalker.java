package studio.brain.ledger;

import java.util.Iterator;
import java.util.List;

/**
 * Walks events in sequence order and names the first thing wrong: a gap, an event that does not follow its
 * predecessor, an event whose content does not match its hash, a checkpoint whose signature or hash does not
 * hold, or a tail cut off below a signed checkpoint. Used on the database and on exported bundles alike.
 */
final class ChainWalker {
    private final SigningKey.VerifierKey key;
    private final Iterator<Checkpoints.Stored> checkpoints;
    private final long fromSeq;
    private Checkpoints.Stored nextCheckpoint;
    private long expectedSeq;
    private String prevHash;
    private String prevPrevHash;
    private long checked;
    private int checkpointsChecked;
    private VerifyReport failure;

    /** @param checkpoints stored checkpoints with seq ≥ fromSeq, in order */
    ChainWalker(long fromSeq, String prevHash, List<Checkpoints.Stored> checkpoints, SigningKey.VerifierKey key) {
        this.fromSeq = fromSeq;
        this.expectedSeq = fromSeq;
        this.prevHash = prevHash;
        this.key = key;
        this.checkpoints = checkpoints.iterator();
        this.nextCheckpoint = this.checkpoints.hasNext() ? this.checkpoints.next() : null;
    }

    /** Takes the next event; false once a problem was found (later events are not looked at). */
    boolean accept(LedgerEvent event) {
        return accept(event, null);
    }

    /** @param recomputed the event's hash as recomputed by the caller (in parallel), or null to compute it here */
    boolean accept(LedgerEvent event, String recomputed) {
        if (failure != null) {
            return false;
        }
        if (event.seq() > expectedSeq) {
            return fail(expectedSeq, VerifyReport.Problem.DELETED, "seq " + expectedSeq + " is missing; next is "
                    + event.seq());
        }
        if (event.seq() < expectedSeq) {
            return fail(event.seq(), VerifyReport.Problem.INSERTED, "seq " + event.seq() + " appears again");
        }
        if (!event.prevHash().equals(prevHash)) {
            if (event.prevHash().equals(prevPrevHash)) {
                return fail(event.seq() - 1, VerifyReport.Problem.INSERTED, "seq " + event.seq()
                        + " still follows the event before seq " + (event.seq() - 1));
            }
            return fail(event.seq(), VerifyReport.Problem.REORDERED, "its previous hash is not the hash of seq "
                    + (event.seq() - 1));
        }
        if (event.hashVersion() != ChainHash.VERSION) {
            return fail(event.seq(), VerifyReport.Problem.UNKNOWN_HASH_VERSION, "hash format " + event.hashVersion());
        }
        if (!(recomputed != null ? recomputed : ChainHash.compute(event)).equals(event.hash())) {
            return fail(event.seq(), VerifyReport.Problem.EDITED, "its content does not match its hash");
        }
        while (nextCheckpoint != null && nextCheckpoint.seq() < event.seq()) {
            // A checkpoint between events that exist would have been met; one below is before this walk's start.
            nextCheckpoint = checkpoints.hasNext() ? checkpoints.next() : null;
        }
        if (nextCheckpoint != null && nextCheckpoint.seq() == event.seq() && !checkCheckpoint(nextCheckpoint, event)) {
            return false;
        }
        prevPrevHash = prevHash;
        prevHash = event.hash();
        expectedSeq++;
        checked++;
        return true;
    }

    /** An event that could not be read at all counts as edited. */
    void unreadable(long seq) {
        if (failure == null) {
            fail(seq, VerifyReport.Problem.EDITED, "it is no longer a valid audit record");
        }
    }

    private boolean checkCheckpoint(Checkpoints.Stored stored, LedgerEvent event) {
        CheckpointNote note;
        try {
            note = CheckpointNote.parse(stored.note());
        } catch (RuntimeException e) {
            return fail(stored.seq(), VerifyReport.Problem.BAD_SIGNATURE, "the checkpoint note is malformed");
        }
        if (!note.verifiedBy(key)) {
            return fail(stored.seq(), VerifyReport.Problem.BAD_SIGNATURE, "the checkpoint at seq " + stored.seq()
                    + " is not signed by key " + key.name() + "+" + key.keyIdHex());
        }
        if (note.size() != stored.seq() || !note.hash().equals(stored.hash()) || !note.hash().equals(event.hash())) {
            return fail(stored.seq(), VerifyReport.Problem.CHECKPOINT_MISMATCH, "the signed checkpoint names another "
                    + "hash for seq " + stored.seq());
        }
        checkpointsChecked++;
        nextCheckpoint = checkpoints.hasNext() ? checkpoints.next() : null;
        return true;
    }

    private boolean fail(long seq, VerifyReport.Problem problem, String detail) {
        failure = new VerifyReport(false, fromSeq, expectedSeq - 1, checked, checkpointsChecked, seq, problem, detail);
        return false;
    }

    /** The report once every event was given; a checkpoint beyond the last event means a truncated tail. */
    VerifyReport finish() {
        if (failure != null) {
            return failure;
        }
        if (nextCheckpoint != null && nextCheckpoint.seq() >= expectedSeq) {
            fail(expectedSeq, VerifyReport.Problem.TRUNCATED, "a signed checkpoint covers " + nextCheckpoint.seq()
                    + " events but the chain ends at seq " + (expectedSeq - 1));
            return failure;
        }
        return new VerifyReport(true, fromSeq, expectedSeq - 1, checked, checkpointsChecked, null, null, null);
    }

    String lastHash() {
        return prevHash;
    }
}
