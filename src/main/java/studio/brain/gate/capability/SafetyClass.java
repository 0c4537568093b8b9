package studio.brain.gate.capability;

import java.util.Locale;

/**
 * Kinds of action that touch people's safety or money directly. A capability of any of these classes can never be
 * exempted from approval: each use waits for a human, however routine it looks. The YAML key is {@code class}.
 */
public enum SafetyClass {
    DOORS, LOCKS, MAINS_POWER, MOBILITY, PAYMENTS;

    /** The name used in {@code capabilities.yaml}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
