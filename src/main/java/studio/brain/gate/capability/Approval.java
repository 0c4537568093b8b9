package studio.brain.gate.capability;

import java.util.Locale;

/** Whether a use of the capability waits for a recorded human decision. */
public enum Approval {
    NONE, REQUIRED;

    /** The name used in {@code capabilities.yaml}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
