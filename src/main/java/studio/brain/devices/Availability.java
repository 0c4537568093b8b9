package studio.brain.devices;

import java.util.Locale;

/** A connector's availability as staff and the health checks see it. */
public enum Availability {
    HEALTHY, DEGRADED, DOWN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
