package studio.brain.devices;

import java.util.Locale;

/** How urgently staff should look at a device alert. */
public enum AlertSeverity {
    INFO, WARNING, CRITICAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
