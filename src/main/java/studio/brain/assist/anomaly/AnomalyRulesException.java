package studio.brain.assist.anomaly;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** A rules file refused, with every problem found: file, line, rule and reason. */
public final class AnomalyRulesException extends Exception {
    private final transient List<Problem> problems;

    public AnomalyRulesException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    /**
     * @param line   1-based; {@code null} when the problem has no place (an unreadable file)
     * @param ruleId {@code null} for a problem outside any rule
     */
    public record Problem(Path file, Integer line, String ruleId, String reason) {
        @Override
        public String toString() {
            return file + (line == null ? "" : ":" + line) + (ruleId == null ? "" : " rule " + ruleId) + ": "
                    + reason;
        }
    }
}
