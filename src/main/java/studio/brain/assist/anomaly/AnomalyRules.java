package studio.brain.assist.anomaly;

import java.util.List;
import java.util.Optional;

/** The anomaly rules in force, in file order, and the version recorded with every draft. */
public record AnomalyRules(String version, List<AnomalyRule> rules) {
    public AnomalyRules {
        rules = List.copyOf(rules);
    }

    public Optional<AnomalyRule> rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst();
    }
}
