package studio.brain.devices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The thresholds of {@code policies/device-alerts.yaml}: when a battery is low, which devices stand in the kiln
 * room (by label pattern or id) and what temperature and humidity are acceptable there, and when a vacuum's
 * consumables (filter, main brush, side brush, sensors; percent remaining) are due. A bad file is refused with every
 * problem named; the hub then runs the connectors with {@link #defaults()} and reports the file.
 */
public record DeviceAlertPolicy(String version, int batteryLowPct, Pattern kilnRoomLabel, Set<String> kilnRoomIds,
                                Range kilnRoomTemperature, Range kilnRoomHumidity, Consumables vacuumConsumables) {
    public static final String FILE_NAME = "device-alerts.yaml";

    /** Acceptable values, inclusive; a reading outside is an alert. */
    public record Range(double min, double max) {
    }

    /** Percent remaining at or below which a vacuum part is due. */
    public record Consumables(int filterLowPct, int mainBrushLowPct, int sideBrushLowPct, int sensorLowPct) {
    }

    /** A refused policy file. */
    public static final class PolicyException extends Exception {
        public PolicyException(String message) {
            super(message);
        }
    }

    /** What the hub uses when the file is missing or refused: conservative values, stated in docs/connectors.md. */
    public static DeviceAlertPolicy defaults() {
        return new DeviceAlertPolicy("defaults", 20, Pattern.compile("(?i)kiln"), Set.of(), new Range(5, 35),
                new Range(15, 70), new Consumables(10, 10, 10, 10));
    }

    public boolean inKilnRoom(String id, String label) {
        return kilnRoomIds.contains(id) || (label != null && kilnRoomLabel.matcher(label).find());
    }

    /** The alerts a device's readings call for: offline, battery low, kiln-room temperature or humidity out of range. */
    public List<DeviceAlert> alertsFor(String id, String label, boolean online, Integer batteryPct,
                                       Map<String, Object> attributes) {
        List<DeviceAlert> alerts = new ArrayList<>();
        String name = label == null ? id : label;
        if (!online) {
            alerts.add(new DeviceAlert("DEVICE_OFFLINE", AlertSeverity.CRITICAL, name + " is offline"));
        }
        if (batteryPct != null && batteryPct <= batteryLowPct) {
            alerts.add(new DeviceAlert("BATTERY_LOW", AlertSeverity.WARNING, name + " battery at " + batteryPct
                    + "% (alert at " + batteryLowPct + "% or less)"));
        }
        if (inKilnRoom(id, label)) {
            range(alerts, name, "temperature", "KILN_ROOM_TEMPERATURE", attributes.get("temperature"), kilnRoomTemperature);
            range(alerts, name, "humidity", "KILN_ROOM_HUMIDITY", attributes.get("humidity"), kilnRoomHumidity);
        }
        return alerts;
    }

    /** The alerts for a vacuum's consumables, each given as percent remaining (null when the robot did not say). */
    public List<DeviceAlert> consumableAlerts(String label, Integer filterPct, Integer mainBrushPct, Integer sideBrushPct,
                                              Integer sensorPct) {
        List<DeviceAlert> alerts = new ArrayList<>();
        consumable(alerts, label, "FILTER_LOW", "filter", filterPct, vacuumConsumables.filterLowPct());
        consumable(alerts, label, "MAIN_BRUSH_LOW", "main brush", mainBrushPct, vacuumConsumables.mainBrushLowPct());
        consumable(alerts, label, "SIDE_BRUSH_LOW", "side brush", sideBrushPct, vacuumConsumables.sideBrushLowPct());
        consumable(alerts, label, "SENSOR_LOW", "sensors", sensorPct, vacuumConsumables.sensorLowPct());
        return alerts;
    }

    private static void consumable(List<DeviceAlert> alerts, String label, String code, String part, Integer pct,
                                   int threshold) {
        if (pct != null && pct <= threshold) {
            alerts.add(new DeviceAlert(code, AlertSeverity.WARNING, label + ": " + part + " at " + pct
                    + "% life left (due at " + threshold + "%)"));
        }
    }

    private static void range(List<DeviceAlert> alerts, String name, String what, String code, Object value, Range range) {
        if (!(value instanceof Number number)) {
            return;
        }
        double v = number.doubleValue();
        if (v > range.max()) {
            alerts.add(new DeviceAlert(code + "_HIGH", AlertSeverity.WARNING, name + ": kiln-room " + what + " " + v
                    + " above " + range.max()));
        } else if (v < range.min()) {
            alerts.add(new DeviceAlert(code + "_LOW", AlertSeverity.WARNING, name + ": kiln-room " + what + " " + v
                    + " below " + range.min()));
        }
    }

    public static DeviceAlertPolicy load(Path file) throws PolicyException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new PolicyException(file.getFileName() + ": cannot read the file (" + e.getClass().getSimpleName() + ")");
        }
        Object root;
        try {
            root = new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadFromString(text);
        } catch (YamlEngineException e) {
            throw new PolicyException(file.getFileName() + ": not valid YAML");
        }
        List<String> problems = new ArrayList<>();
        Map<?, ?> top = map(root, "the file", problems);
        only(top, "the file", problems, "version", "batteryLowPct", "kilnRoom", "vacuumConsumables");
        String version = top.get("version") instanceof String s && !s.isBlank() ? s : null;
        if (version == null) {
            problems.add("version: required, a text");
        }
        int battery = percent(top.get("batteryLowPct"), "batteryLowPct", problems);
        Map<?, ?> kiln = map(top.get("kilnRoom"), "kilnRoom", problems);
        only(kiln, "kilnRoom", problems, "labelPattern", "deviceIds", "temperature", "humidity");
        Pattern label = Pattern.compile("(?!)");
        if (kiln.get("labelPattern") != null) {
            try {
                label = Pattern.compile(String.valueOf(kiln.get("labelPattern")));
            } catch (PatternSyntaxException e) {
                problems.add("kilnRoom.labelPattern: not a valid regular expression");
            }
        }
        Set<String> ids = new java.util.TreeSet<>();
        if (kiln.get("deviceIds") instanceof List<?> list) {
            list.forEach(id -> ids.add(String.valueOf(id)));
        } else if (kiln.get("deviceIds") != null) {
            problems.add("kilnRoom.deviceIds: must be a list of device ids");
        }
        Range temperature = range(kiln.get("temperature"), "kilnRoom.temperature", problems);
        Range humidity = range(kiln.get("humidity"), "kilnRoom.humidity", problems);
        Map<?, ?> vac = map(top.get("vacuumConsumables"), "vacuumConsumables", problems);
        only(vac, "vacuumConsumables", problems, "filterLowPct", "mainBrushLowPct", "sideBrushLowPct", "sensorLowPct");
        Consumables consumables = new Consumables(percent(vac.get("filterLowPct"), "vacuumConsumables.filterLowPct", problems),
                percent(vac.get("mainBrushLowPct"), "vacuumConsumables.mainBrushLowPct", problems),
                percent(vac.get("sideBrushLowPct"), "vacuumConsumables.sideBrushLowPct", problems),
                percent(vac.get("sensorLowPct"), "vacuumConsumables.sensorLowPct", problems));
        if (!problems.isEmpty()) {
            throw new PolicyException(file.getFileName() + ": " + String.join("; ", problems));
        }
        return new DeviceAlertPolicy(version, battery, label, Set.copyOf(ids), temperature, humidity, consumables);
    }

    private static Map<?, ?> map(Object value, String where, List<String> problems) {
        if (value instanceof Map<?, ?> m) {
            return m;
        }
        problems.add(where + ": required, a mapping");
        return Map.of();
    }

    private static void only(Map<?, ?> map, String where, List<String> problems, String... allowed) {
        Set<String> names = Set.of(allowed);
        map.keySet().stream().map(String::valueOf).filter(k -> !names.contains(k)).sorted()
                .forEach(k -> problems.add(where + ": unknown field '" + k + "'"));
    }

    private static int percent(Object value, String where, List<String> problems) {
        if (value instanceof Integer i && i >= 0 && i <= 100) {
            return i;
        }
        problems.add(where + ": required, a whole number from 0 to 100");
        return 0;
    }

    private static Range range(Object value, String where, List<String> problems) {
        Map<?, ?> m = map(value, where, problems);
        if (m.get("min") instanceof Number min && m.get("max") instanceof Number max) {
            if (min.doubleValue() >= max.doubleValue()) {
                problems.add(where + ": min must be below max");
            }
            return new Range(min.doubleValue(), max.doubleValue());
        }
        if (!m.isEmpty()) {
            problems.add(where + ": min and max are required numbers");
        }
        return new Range(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }
}
