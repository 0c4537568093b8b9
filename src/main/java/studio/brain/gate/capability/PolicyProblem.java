package studio.brain.gate.capability;

import java.nio.file.Path;
import java.util.Objects;

/** Why a policy file was refused: the file, the line (1-based) when one is known, and the reason in a sentence. */
public record PolicyProblem(Path file, Integer line, String reason) {

    public PolicyProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return file + (line == null ? "" : ":" + line) + ": " + reason;
    }
}
