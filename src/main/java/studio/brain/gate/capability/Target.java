package studio.brain.gate.capability;

import java.util.Locale;

/** The system a capability reads from or acts on. {@code local} means the hub's own state: drafts and flags. */
public enum Target {
    FIRESTORE, STRIPE, HUBITAT, ROBOROCK, WEBSITE, NOTIFY, LOCAL;

    /** The name used in {@code capabilities.yaml}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
