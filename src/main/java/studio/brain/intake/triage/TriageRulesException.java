package studio.brain.intake.triage;

import java.nio.file.Path;

/**
 * A triage rule file that cannot be used: the message names the file, the line when known, and what is wrong. The
 * hub keeps the rules it had.
 */
public class TriageRulesException extends IllegalArgumentException {
    private final transient Path file;
    private final Integer line;

    public TriageRulesException(Path file, Integer line, String reason) {
        super(file + (line == null ? "" : " line " + line) + ": " + reason);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    /** The 1-based line of the problem, or null when it concerns the file as a whole. */
    public Integer line() {
        return line;
    }
}
