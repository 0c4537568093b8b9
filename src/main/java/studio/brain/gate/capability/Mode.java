package studio.brain.gate.capability;

import java.util.Locale;

/** Whether a capability only reads, or changes something (a write always needs a recorded approval). */
public enum Mode {
    READ, WRITE;

    /** The name used in {@code capabilities.yaml}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
