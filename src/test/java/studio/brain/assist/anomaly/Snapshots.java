package studio.brain.assist.anomaly;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds StudioState-shaped snapshots for the detector's tests. */
final class Snapshots {
    private Snapshots() {
    }

    static Map<String, Object> day(LocalDate date, Integer active, Integer firings, Integer reservations,
                                   Integer agentRequests, Integer highSeverity) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("schemaVersion", "3.0");
        s.put("snapshotDate", date.toString());
        s.put("generatedAt", date.atTime(6, 0).toInstant(ZoneOffset.UTC).toString());
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("batchesActive", active);
        counts.put("batchesClosed", 90);
        counts.put("reservationsOpen", reservations);
        counts.put("firingsScheduled", firings);
        counts.put("reportsOpen", 10);
        s.put("counts", counts);
        Map<String, Object> ops = new LinkedHashMap<>();
        ops.put("agentRequestsPending", agentRequests);
        ops.put("highSeverityReports", highSeverity);
        s.put("ops", ops);
        Map<String, Object> finance = new LinkedHashMap<>();
        finance.put("pendingOrders", 4);
        finance.put("unsettledPayments", 0);
        s.put("finance", finance);
        return s;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> with(Map<String, Object> snapshot, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(snapshot);
        String section = key.substring(0, key.indexOf('.'));
        Map<String, Object> group = new LinkedHashMap<>((Map<String, Object>) copy.get(section));
        group.put(key.substring(key.indexOf('.') + 1), value);
        copy.put(section, group);
        return copy;
    }

    static Instant scanTime(LocalDate date) {
        return date.atTime(7, 0).toInstant(ZoneOffset.UTC);
    }
}
