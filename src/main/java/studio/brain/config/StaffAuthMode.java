package studio.brain.config;

import java.util.Locale;
import java.util.Optional;

/** How staff prove who they are to the hub's API and cockpit. */
public enum StaffAuthMode {
    /** An admin token written to the data dir at first start; for a hub reached only from this machine. */
    LOCAL_TOKEN,
    /** Firebase ID tokens of the studio's project carrying a staff or admin claim. */
    FIREBASE;

    public String configValue() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Optional<StaffAuthMode> parse(String value) {
        for (StaffAuthMode mode : values()) {
            if (mode.configValue().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
