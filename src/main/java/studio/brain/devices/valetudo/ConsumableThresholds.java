package studio.brain.devices.valetudo;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * When a consumable counts as worn: below a percentage of its life (robots that report percent) or below a remaining
 * run time (robots that report time; Roborock firmware does). Fed from the policies file; {@link #defaults()} holds
 * until it is.
 */
public record ConsumableThresholds(Map<ConsumablePart, Limit> limits) {

    /** A part is low when its remaining percent is below {@code percent} or its remaining time below {@code time}. */
    public record Limit(int percent, Duration time) {
        public Limit {
            if (percent < 0 || percent > 100) {
                throw new IllegalArgumentException("consumable percent threshold must be 0..100, was " + percent);
            }
            Objects.requireNonNull(time, "time");
            if (time.isNegative()) {
                throw new IllegalArgumentException("consumable time threshold must not be negative");
            }
        }
    }

    public ConsumableThresholds {
        Objects.requireNonNull(limits, "limits");
        EnumMap<ConsumablePart, Limit> copy = new EnumMap<>(ConsumablePart.class);
        copy.putAll(limits);
        for (ConsumablePart part : ConsumablePart.values()) {
            if (!copy.containsKey(part)) {
                throw new IllegalArgumentException("no consumable threshold for " + part);
            }
        }
        limits = Map.copyOf(copy);
    }

    /**
     * Ten percent, or about a tenth of a Roborock part's rated life (filter 150 h, main brush 300 h, side brush
     * 200 h, sensors 30 h).
     */
    public static ConsumableThresholds defaults() {
        return new ConsumableThresholds(Map.of(
                ConsumablePart.FILTER, new Limit(10, Duration.ofHours(15)),
                ConsumablePart.MAIN_BRUSH, new Limit(10, Duration.ofHours(30)),
                ConsumablePart.SIDE_BRUSH, new Limit(10, Duration.ofHours(20)),
                ConsumablePart.SENSOR, new Limit(10, Duration.ofHours(3))));
    }

    public Limit limit(ConsumablePart part) {
        return limits.get(part);
    }
}
