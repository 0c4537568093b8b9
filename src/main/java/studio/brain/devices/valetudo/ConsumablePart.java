package studio.brain.devices.valetudo;

import java.util.Optional;

/**
 * The robot parts staff replace, and how Valetudo names them. Valetudo's consumable property id is
 * {@code <type>} or {@code <type>-<subType>} (for example {@code brush-main}, {@code brush-side_right},
 * {@code filter-main}, {@code cleaning-sensor}); older releases called the sensor consumable {@code sensor-all}.
 * Parts outside these four (mop, detergent, dust bin bag, dock brush, wheel) are kept as attributes without an alert.
 */
public enum ConsumablePart {
    FILTER("FILTER_LOW", "filter"),
    MAIN_BRUSH("MAIN_BRUSH_LOW", "main brush"),
    SIDE_BRUSH("SIDE_BRUSH_LOW", "side brush"),
    SENSOR("SENSOR_LOW", "sensors");

    private final String alertCode;
    private final String label;

    ConsumablePart(String alertCode, String label) {
        this.alertCode = alertCode;
        this.label = label;
    }

    public String alertCode() {
        return alertCode;
    }

    public String label() {
        return label;
    }

    /** The part a Valetudo consumable property id stands for, if it is one staff are alerted about. */
    public static Optional<ConsumablePart> ofValetudoId(String propertyId) {
        int dash = propertyId.indexOf('-');
        String type = dash < 0 ? propertyId : propertyId.substring(0, dash);
        String subType = dash < 0 ? "none" : propertyId.substring(dash + 1);
        return Optional.ofNullable(switch (type) {
            case "filter" -> FILTER;
            case "brush" -> switch (subType) {
                case "main" -> MAIN_BRUSH;
                case "side_left", "side_right" -> SIDE_BRUSH;
                default -> null;
            };
            case "sensor" -> SENSOR;
            case "cleaning" -> "sensor".equals(subType) ? SENSOR : null;
            default -> null;
        });
    }
}
