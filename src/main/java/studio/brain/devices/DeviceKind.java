package studio.brain.devices;

import java.util.Locale;

/** What a device is, as staff think of it; the normalizers map each system's own type names onto these. */
public enum DeviceKind {
    SWITCH, DIMMER, SENSOR, THERMOSTAT, VACUUM, LOCK, OTHER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
