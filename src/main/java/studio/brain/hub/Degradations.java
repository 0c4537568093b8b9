package studio.brain.hub;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What is wrong with a part of the hub that runs without it: a route file that did not load, a Kamelet that is
 * malformed, later a connector that is down. Readiness reports each by component name; the hub keeps running.
 */
public final class Degradations {
    private final Map<String, String> reasons = new ConcurrentHashMap<>();

    public void report(String component, String reason) {
        reasons.put(component, reason);
    }

    public void clear(String component) {
        reasons.remove(component);
    }

    /** The current degradations, sorted by component name. */
    public Map<String, String> current() {
        return new TreeMap<>(reasons);
    }
}
