package studio.brain.ledger;

import java.util.LinkedHashMap;
import java.util.Map;

/** The outcome of walking a chain: OK, or the first bad sequence number and what is wrong there. */
public record VerifyReport(boolean ok, long fromSeq, long lastSeq, long eventsChecked, int checkpointsChecked,
                           Long firstBadSeq, Problem problem, String detail) {

    /** What a verifier can find, each named at the first sequence number it affects. */
    public enum Problem {
        /** The event's content no longer matches its hash. */
        EDITED,
        /** An expected sequence number is missing. */
        DELETED,
        /** The event does not follow the one before it. */
        REORDERED,
        /** An event was put in between: the next one still points at the event before it. */
        INSERTED,
        /** A checkpoint's signature does not verify with the hub's key. */
        BAD_SIGNATURE,
        /** A signed checkpoint names a different hash than the event at its size. */
        CHECKPOINT_MISMATCH,
        /** Events a signed checkpoint covers are gone from the end of the chain. */
        TRUNCATED,
        /** The event claims a hash format this verifier does not know. */
        UNKNOWN_HASH_VERSION
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("ok", ok);
        map.put("fromSeq", fromSeq);
        map.put("lastSeq", lastSeq);
        map.put("eventsChecked", eventsChecked);
        map.put("checkpointsChecked", checkpointsChecked);
        if (!ok) {
            map.put("firstBadSeq", firstBadSeq);
            map.put("problem", problem.name());
            map.put("detail", detail);
        }
        return map;
    }

    public String summary() {
        return ok ? "OK: " + eventsChecked + " events from seq " + fromSeq + " to " + lastSeq + ", "
                + checkpointsChecked + " signed checkpoints"
                : "FAILED at seq " + firstBadSeq + ": " + problem + " (" + detail + ")";
    }
}
