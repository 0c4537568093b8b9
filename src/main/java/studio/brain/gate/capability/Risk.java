package studio.brain.gate.capability;

import java.util.Locale;

/** How much harm a wrong or repeated use could do; the cockpit sorts and filters proposals by it. */
public enum Risk {
    LOW, MEDIUM, HIGH, CRITICAL;

    /** The name used in {@code capabilities.yaml}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
