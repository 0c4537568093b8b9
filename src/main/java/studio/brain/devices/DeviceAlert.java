package studio.brain.devices;

import java.util.Objects;

/**
 * Something about a device that staff should act on: a vacuum error, a worn brush, a device offline, the kiln room
 * too hot. The code is stable (documented in {@code docs/connectors.md}); the message is for people.
 */
public record DeviceAlert(String code, AlertSeverity severity, String message) {
    public DeviceAlert {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }
}
