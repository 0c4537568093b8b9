package studio.brain.drills;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a drill found: how long the hub took to notice the fault and to be back (monotonic clock, milliseconds; null
 * when that part did not happen), whether it stayed safe — no unauthorized write, no lost committed event — and the
 * scenario's own counts in {@code details}.
 */
public record DrillReport(String scenario, boolean safe, Long detectMs, Long recoverMs, String outcome,
                         long unauthorizedWrites, long lostCommittedEvents, boolean ledgerVerified,
                         Map<String, Object> details, Long drillEventSeq) {

    public DrillReport {
        details = Map.copyOf(details == null ? Map.of() : new LinkedHashMap<>(details));
    }

    /** Unsafe whenever a write got through without authority, a committed event went missing or the chain broke. */
    static DrillReport of(String scenario, Long detectMs, Long recoverMs, String outcome, long unauthorizedWrites,
                          long lostCommittedEvents, boolean ledgerVerified, boolean scenarioHeld,
                          Map<String, Object> details) {
        boolean safe = scenarioHeld && unauthorizedWrites == 0 && lostCommittedEvents == 0 && ledgerVerified;
        return new DrillReport(scenario, safe, detectMs, recoverMs, outcome, unauthorizedWrites, lostCommittedEvents,
                ledgerVerified, details, null);
    }

    DrillReport recordedAs(long seq, boolean verifiedAfterRecording) {
        return new DrillReport(scenario, safe && verifiedAfterRecording, detectMs, recoverMs, outcome,
                unauthorizedWrites, lostCommittedEvents, ledgerVerified && verifiedAfterRecording, details, seq);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("scenario", scenario);
        map.put("safe", safe);
        map.put("detectMs", detectMs);
        map.put("recoverMs", recoverMs);
        map.put("outcome", outcome);
        map.put("unauthorizedWrites", unauthorizedWrites);
        map.put("lostCommittedEvents", lostCommittedEvents);
        map.put("ledgerVerified", ledgerVerified);
        map.put("details", new java.util.TreeMap<>(details));
        map.put("drillEventSeq", drillEventSeq);
        return map;
    }

    /** A few lines for a person at a terminal. */
    public String text() {
        StringBuilder out = new StringBuilder();
        out.append("Drill ").append(scenario).append(": ").append(safe ? "SAFE" : "UNSAFE").append('\n');
        out.append("  time to detect:  ").append(detectMs == null ? "-" : detectMs + " ms").append('\n');
        out.append("  time to recover: ").append(recoverMs == null ? "-" : recoverMs + " ms").append('\n');
        out.append("  unauthorized writes: ").append(unauthorizedWrites).append('\n');
        out.append("  lost committed events: ").append(lostCommittedEvents).append('\n');
        out.append("  ledger verifies: ").append(ledgerVerified ? "yes" : "NO").append('\n');
        out.append("  outcome: ").append(outcome).append('\n');
        new java.util.TreeMap<>(details).forEach((k, v) -> out.append("    ").append(k).append(": ").append(v)
                .append('\n'));
        if (drillEventSeq != null) {
            out.append("  recorded as ledger event drill.completed, seq ").append(drillEventSeq).append('\n');
        }
        return out.toString();
    }
}
