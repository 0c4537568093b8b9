package studio.brain.devices;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One device as every connector reports it, whatever system it lives in.
 *
 * @param connector   the connector that read it, e.g. {@code hubitat}
 * @param id          the device's id in its own system
 * @param label       the name staff gave it
 * @param online      false when the system says the device is gone (Valetudo's {@code lost}, Home Assistant's
 *                    {@code unavailable}, a Hubitat device reporting offline)
 * @param batteryPct  0..100, or null when the device has no battery or did not say
 * @param lastSeenAt  when the system last heard from it, or null when it does not say
 * @param stale       lastSeenAt is older than the connector's threshold
 * @param attributes  the device's readings, by the system's attribute names, values typed (numbers stay numbers)
 */
public record DeviceState(String connector, String id, String label, DeviceKind kind, boolean online,
                          Integer batteryPct, Instant lastSeenAt, boolean stale, Map<String, Object> attributes,
                          List<DeviceAlert> alerts) {
    public DeviceState {
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        label = label == null || label.isBlank() ? id : label;
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        alerts = alerts == null ? List.of() : List.copyOf(alerts);
    }
}
