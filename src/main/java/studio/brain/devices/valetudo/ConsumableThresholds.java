package studio.brain.devices.valetudo;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import studio.brain.devices.DeviceAlertPolicy;

/**
 * When a consumable counts as worn: at or below a percentage of its life (robots that report percent) or below a remaining
 * run time (robots that report time; Roborock firmware does), both from policies/device-alerts.yaml.
 */
public record ConsumableThresholds(Map<ConsumablePart, Limit> limits) {

    /** A part is low when its remaining percent is at or below {@code percent}, or its remaining time at or below {@code time}. */
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
     * The policy's percentages ({@code vacuumConsumables} in policies/device-alerts.yaml). Robots that report run time
     * left instead of percent get the same share of the part's rated Roborock life: filter 150 h, main brush 300 h,
     * side brush 200 h, sensors 30 h (10 % of the filter is 15 h).
     */
    public static ConsumableThresholds from(DeviceAlertPolicy.Consumables policy) {
        return new ConsumableThresholds(Map.of(
                ConsumablePart.FILTER, limit(policy.filterLowPct(), 150),
                ConsumablePart.MAIN_BRUSH, limit(policy.mainBrushLowPct(), 300),
                ConsumablePart.SIDE_BRUSH, limit(policy.sideBrushLowPct(), 200),
                ConsumablePart.SENSOR, limit(policy.sensorLowPct(), 30)));
    }

    /** The thresholds of {@link DeviceAlertPolicy#defaults()}, for when the policy file is absent or refused. */
    public static ConsumableThresholds defaults() {
        return from(DeviceAlertPolicy.defaults().vacuumConsumables());
    }

    private static Limit limit(int percent, long ratedHours) {
        return new Limit(percent, Duration.ofMinutes(ratedHours * 60 * percent / 100));
    }

    public Limit limit(ConsumablePart part) {
        return limits.get(part);
    }
}
