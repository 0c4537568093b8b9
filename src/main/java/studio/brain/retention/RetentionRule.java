package studio.brain.retention;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One line of the matrix: a data class, its window (absent for keep and ledger), its action and why. */
public record RetentionRule(DataClass dataClass, Optional<Integer> windowDays, RetentionAction action,
                            List<String> capabilities, String why) {

    public RetentionRule {
        capabilities = List.copyOf(capabilities);
    }

    public Optional<Duration> window() {
        return windowDays.map(Duration::ofDays);
    }
}
