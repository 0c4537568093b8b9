package studio.brain.gate.capability;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** A policy file that cannot be used, with every problem found in it (each with its file, line and reason). */
public final class PolicyFileException extends Exception {
    private final Path file;
    private final List<PolicyProblem> problems;

    public PolicyFileException(Path file, List<PolicyProblem> problems) {
        super(summary(file, problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a refused policy file has at least one problem");
        }
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    public Path file() {
        return file;
    }

    public List<PolicyProblem> problems() {
        return problems;
    }

    private static String summary(Path file, List<PolicyProblem> problems) {
        return file + " refused (" + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "):\n"
                + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
    }
}
