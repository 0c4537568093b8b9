package studio.brain.lint;

import java.util.Objects;

/**
 * One thing the lint found: the file (relative to the repository), the line when one is known, the rule broken (a
 * stable id such as {@code capability.write-approval}, listed in {@code docs/lint.md}), what is wrong and how to fix
 * it.
 */
public record Finding(String file, Integer line, String rule, String message, String hint) {

    public Finding {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(hint, "hint");
    }

    /** {@code policies/capabilities.yaml:42: [capability.write-approval] ...} and the fix on the next line. */
    public String toText() {
        return file + (line == null ? "" : ":" + line) + ": [" + rule + "] " + message + System.lineSeparator()
                + "    fix: " + hint;
    }
}
