package studio.brain.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What changed between two snapshots: every metric whose value differs, with its value before and after (null where
 * a metric could not be read, or did not exist yet), and every metric whose completeness changed.
 */
public final class SnapshotDiff {
    private SnapshotDiff() {
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> between(Map<String, Object> previous, Map<String, Object> current) {
        Map<String, Object> before = previous == null ? Map.of() : StudioSnapshot.values(previous);
        Map<String, Object> after = StudioSnapshot.values(current);
        Set<String> keys = new LinkedHashSet<>(after.keySet());
        keys.addAll(before.keySet());
        Map<String, Object> beforeProvenance = previous == null ? Map.of()
                : (Map<String, Object>) previous.getOrDefault("provenance", Map.of());
        Map<String, Object> afterProvenance = (Map<String, Object>) current.getOrDefault("provenance", Map.of());
        List<Map<String, Object>> changes = new ArrayList<>();
        for (String key : keys) {
            Object from = number(before.get(key));
            Object to = number(after.get(key));
            String completenessFrom = completeness(beforeProvenance.get(key));
            String completenessTo = completeness(afterProvenance.get(key));
            if (!Objects.equals(from, to) || (previous != null && !Objects.equals(completenessFrom, completenessTo))) {
                Map<String, Object> change = new LinkedHashMap<>();
                change.put("key", key);
                change.put("from", from);
                change.put("to", to);
                if (!Objects.equals(completenessFrom, completenessTo)) {
                    change.put("completenessFrom", completenessFrom);
                    change.put("completenessTo", completenessTo);
                }
                changes.add(change);
            }
        }
        return changes;
    }

    /** Numbers compare by value whatever their Java type after a round trip through JSON. */
    private static Object number(Object value) {
        return value instanceof Number n ? (Object) n.longValue() : value;
    }

    private static String completeness(Object provenance) {
        return provenance instanceof Map<?, ?> p && p.get("completeness") != null
                ? p.get("completeness").toString() : null;
    }
}
