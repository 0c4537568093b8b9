package studio.brain.hub;

import java.nio.file.Path;
import java.util.Optional;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import studio.brain.observability.SecretValueMasker;

/** Why a route or Kamelet file was refused: the file, the line if known, and the reason in a sentence. */
public record LoadProblem(Path file, Integer line, String reason) {

    /** A problem from an exception thrown while reading or adding the file; finds a YAML position if one exists. */
    static LoadProblem of(Path file, Integer fallbackLine, Throwable error) {
        Integer line = yamlLine(error).orElse(fallbackLine);
        if (error instanceof RouteFileLoader.LineAwareException aware && aware.line() > 0) {
            line = aware.line();
        }
        return new LoadProblem(file, line, describe(error));
    }

    static Optional<Integer> yamlLine(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof MarkedYamlEngineException marked) {
                Optional<Mark> mark = marked.getProblemMark().or(marked::getContextMark);
                if (mark.isPresent()) {
                    return Optional.of(mark.get().getLine() + 1);
                }
            }
        }
        return Optional.empty();
    }

    private static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        // The first line is the reason; YAML parsers add a snippet of the file after it.
        String firstLine = message.lines().findFirst().orElse(message).trim();
        return SecretValueMasker.maskText(firstLine);
    }

    @Override
    public String toString() {
        return file + (line == null ? "" : ":" + line) + ": " + reason;
    }
}
