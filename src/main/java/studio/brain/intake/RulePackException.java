package studio.brain.intake;

import java.nio.file.Path;

/** An intake rule file that cannot be used, with the file, line (when known), rule (when one is at fault) and reason. */
public final class RulePackException extends RuntimeException {
    private final transient Path file;
    private final Integer line;
    private final String rule;
    private final String reason;

    public RulePackException(Path file, Integer line, String rule, String reason) {
        super(file + (line == null ? "" : ":" + line) + (rule == null ? "" : ": rule " + rule) + ": " + reason);
        this.file = file;
        this.line = line;
        this.rule = rule;
        this.reason = reason;
    }

    public Path file() {
        return file;
    }

    /** 1-based line of the offending node, or null. */
    public Integer line() {
        return line;
    }

    /** {@code category/id} of the offending rule, the category name, or null. */
    public String rule() {
        return rule;
    }

    public String reason() {
        return reason;
    }
}
