package studio.brain.config;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when the configuration cannot be used; lists every problem at once so one restart fixes them all. */
public final class InvalidConfigException extends RuntimeException {
    private final transient List<ConfigProblem> problems;

    public InvalidConfigException(List<ConfigProblem> problems) {
        super("invalid configuration: " + problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
