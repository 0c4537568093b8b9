package studio.brain.assist.anomaly;

import java.time.Instant;
import java.util.List;

/**
 * One device's health as a connector reports it (a kiln controller, a robot vacuum, a sensor hub).
 *
 * @param lastSeenAt when the connector last heard from the device; {@code null} when it never has
 * @param alerts     what the device says about itself, each with a code such as {@code filter_low},
 *                   {@code main_brush_low} or {@code error}
 */
public record DeviceStatus(String id, String label, String kind, boolean online, Instant lastSeenAt,
                           List<Alert> alerts) {
    public DeviceStatus {
        alerts = alerts == null ? List.of() : List.copyOf(alerts);
    }

    /** One alert a device raised; {@code message} is optional free text. */
    public record Alert(String code, String message) {
    }
}
