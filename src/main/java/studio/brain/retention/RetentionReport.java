package studio.brain.retention;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import studio.brain.ledger.ChainHash;

/** One run over the whole matrix: applied or dry, the policy's hash, and each class's outcome. */
public record RetentionReport(boolean applied, Instant at, String policyHash, List<ClassOutcome> outcomes) {

    public RetentionReport {
        outcomes = List.copyOf(outcomes);
    }

    public ClassOutcome outcome(DataClass dataClass) {
        return outcomes.stream().filter(o -> o.dataClass() == dataClass).findFirst().orElseThrow();
    }

    public long purged() {
        return outcomes.stream().mapToLong(ClassOutcome::purged).sum();
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("applied", applied);
        map.put("at", ChainHash.formatTime(at));
        map.put("policyHash", policyHash);
        map.put("purged", purged());
        map.put("classes", outcomes.stream().map(ClassOutcome::toMap).toList());
        return map;
    }
}
