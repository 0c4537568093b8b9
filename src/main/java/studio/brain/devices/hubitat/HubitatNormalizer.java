package studio.brain.devices.hubitat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import studio.brain.devices.ConnectorFailure;
import studio.brain.devices.DeviceAlertPolicy;
import studio.brain.devices.DeviceKind;
import studio.brain.devices.DeviceNormalizer;
import studio.brain.devices.DeviceState;
import studio.brain.devices.ErrorKind;

/**
 * Maker API answers to device states. Two documented shapes are read:
 * <ul>
 *   <li>{@code devices/all}: a list of devices, each with {@code attributes} as a map of name to current value, and
 *       {@code capabilities} as a list of names, plus {@code type}, {@code date} and {@code commands};</li>
 *   <li>{@code devices/{id}}: one device whose {@code attributes} is a list of {@code {name, currentValue, dataType}}
 *       and whose {@code capabilities} mixes names with {@code {attributes: [...]}} objects.</li>
 * </ul>
 * The Maker API sends most values as text ("24.5"); numeric attributes become numbers here. A device's kind comes
 * from its capabilities (then its driver type name); {@code healthStatus} offline or {@code presence} not present makes
 * it offline; its alerts come from {@link DeviceAlertPolicy}.
 */
public final class HubitatNormalizer implements DeviceNormalizer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> NUMERIC = Set.of("battery", "temperature", "humidity", "level", "power",
            "energy", "illuminance", "voltage", "heatingSetpoint", "coolingSetpoint", "thermostatSetpoint",
            "carbonDioxide", "pressure", "ultravioletIndex", "speed", "numberOfButtons", "colorTemperature", "hue",
            "saturation");
    private static final DateTimeFormatter MAKER_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ");

    private final Supplier<DeviceAlertPolicy> policy;

    public HubitatNormalizer(Supplier<DeviceAlertPolicy> policy) {
        this.policy = policy;
    }

    @Override
    public List<DeviceState> normalize(String connector, String body, Instant readAt, Map<String, String> options) {
        JsonNode root = parse(connector, body);
        List<DeviceState> devices = new ArrayList<>();
        if (root.isArray()) {
            for (JsonNode device : root) {
                devices.add(device(connector, device, readAt));
            }
        } else if (root.isObject() && root.has("attributes")) {
            devices.add(device(connector, root, readAt));
        } else {
            throw bad(connector, "devices/all must answer a list of devices");
        }
        return devices;
    }

    /** The device after one pushed event: the attribute replaced, seen now, online and alerts worked out again. */
    public DeviceState withEvent(DeviceState before, String name, Object value, Instant at) {
        Map<String, Object> attributes = new LinkedHashMap<>(before.attributes());
        attributes.remove(name);
        putValue(attributes, name, typed(name, value == null ? null : JSON.valueToTree(value), null));
        return build(before.connector(), before.id(), before.label(), before.kind(), attributes, at);
    }

    /** A device only known from an event (not in the latest poll yet). */
    public DeviceState fromEvent(String connector, String id, String label, String name, Object value, Instant at) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        putValue(attributes, name, typed(name, value == null ? null : JSON.valueToTree(value), null));
        return build(connector, id, label, DeviceKind.OTHER, attributes, at);
    }

    private DeviceState device(String connector, JsonNode device, Instant readAt) {
        if (!device.isObject()) {
            throw bad(connector, "a device is not an object");
        }
        JsonNode idNode = device.get("id");
        if (idNode == null || !(idNode.isTextual() || idNode.isIntegralNumber()) || idNode.asText().isBlank()) {
            throw bad(connector, "a device has no id (text or number)");
        }
        String id = idNode.asText();
        String label = text(connector, device, "label", id);
        if (label == null) {
            label = text(connector, device, "name", id);
        }
        Map<String, Object> attributes = attributes(connector, id, device.get("attributes"));
        Set<String> capabilities = capabilities(connector, id, device.get("capabilities"));
        String type = text(connector, device, "type", id);
        Instant seen = lastActivity(device.get("date")).orElse(readAt);
        return build(connector, id, label, kind(capabilities, type), attributes, seen);
    }

    private DeviceState build(String connector, String id, String label, DeviceKind kind, Map<String, Object> attributes,
                              Instant seen) {
        boolean online = !"offline".equalsIgnoreCase(String.valueOf(attributes.get("healthStatus")))
                && !"not present".equalsIgnoreCase(String.valueOf(attributes.get("presence")));
        Integer battery = attributes.get("battery") instanceof Number n
                ? Math.max(0, Math.min(100, (int) Math.round(n.doubleValue()))) : null;
        return new DeviceState(connector, id, label, kind, online, battery, seen, false, attributes,
                policy.get().alertsFor(id, label, online, battery, attributes));
    }

    private static JsonNode parse(String connector, String body) {
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null || root.isMissingNode()) {
                throw bad(connector, "empty answer");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw bad(connector, "the answer is not JSON");
        }
    }

    private static String text(String connector, JsonNode device, String field, String id) {
        JsonNode node = device.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw bad(connector, "device " + id + ": " + field + " is not text");
        }
        return node.asText();
    }

    private static Map<String, Object> attributes(String connector, String id, JsonNode node) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return attributes;
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> putValue(attributes, f.getKey(), typed(f.getKey(), f.getValue(), null)));
        } else if (node.isArray()) {
            for (JsonNode a : node) {
                if (!a.isObject() || !a.path("name").isTextual()) {
                    throw bad(connector, "device " + id + ": an attribute has no name");
                }
                putValue(attributes, a.get("name").asText(), typed(a.get("name").asText(), a.get("currentValue"),
                        a.path("dataType").asText(null)));
            }
        } else {
            throw bad(connector, "device " + id + ": attributes are neither a map nor a list");
        }
        return attributes;
    }

    /** An attribute without a current value (the Maker API sends null) is left out rather than shown as null. */
    private static void putValue(Map<String, Object> attributes, String name, Object value) {
        if (value != null) {
            attributes.put(name, value);
        }
    }

    private static Set<String> capabilities(String connector, String id, JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        if (node == null || node.isNull()) {
            return names;
        }
        if (!node.isArray()) {
            throw bad(connector, "device " + id + ": capabilities is not a list");
        }
        // devices/{id} interleaves {"attributes": [...]} objects after each capability name.
        node.forEach(c -> {
            if (c.isTextual()) {
                names.add(c.asText());
            }
        });
        return names;
    }

    /** Numbers stay numbers; numeric attributes sent as text become numbers; everything else stays as sent. */
    static Object typed(String name, JsonNode value, String dataType) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.numberValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual()) {
            String text = value.asText().trim();
            if ("NUMBER".equalsIgnoreCase(dataType) || NUMERIC.contains(name)) {
                try {
                    BigDecimal number = new BigDecimal(text);
                    return number.scale() <= 0 ? (Object) number.longValueExact() : (Object) number.doubleValue();
                } catch (NumberFormatException | ArithmeticException notNumber) {
                    return text;
                }
            }
            return text;
        }
        return value.toString();
    }

    static DeviceKind kind(Set<String> capabilities, String type) {
        if (capabilities.contains("Thermostat")) {
            return DeviceKind.THERMOSTAT;
        }
        if (capabilities.contains("Lock")) {
            return DeviceKind.LOCK;
        }
        if (capabilities.contains("SwitchLevel")) {
            return DeviceKind.DIMMER;
        }
        if (capabilities.contains("Switch") || capabilities.contains("Outlet")) {
            return DeviceKind.SWITCH;
        }
        for (String c : capabilities) {
            if (c.endsWith("Sensor") || c.endsWith("Measurement") || c.equals("WaterSensor")) {
                return DeviceKind.SENSOR;
            }
        }
        String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
        if (t.contains("thermostat")) {
            return DeviceKind.THERMOSTAT;
        }
        if (t.contains("dimmer")) {
            return DeviceKind.DIMMER;
        }
        if (t.contains("switch") || t.contains("outlet") || t.contains("plug")) {
            return DeviceKind.SWITCH;
        }
        if (t.contains("sensor")) {
            return DeviceKind.SENSOR;
        }
        if (t.contains("lock")) {
            return DeviceKind.LOCK;
        }
        return DeviceKind.OTHER;
    }

    /** The Maker API's {@code date} (the device's last activity, 2018-10-16T00:08:18+0000), when it reads. */
    private static java.util.Optional<Instant> lastActivity(JsonNode date) {
        if (date == null || !date.isTextual()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(OffsetDateTime.parse(date.asText(), MAKER_DATE).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return java.util.Optional.of(Instant.parse(date.asText()));
            } catch (DateTimeParseException again) {
                return java.util.Optional.empty();
            }
        }
    }

    private static ConnectorFailure bad(String connector, String what) {
        return new ConnectorFailure(connector, ErrorKind.BAD_RESPONSE, what);
    }
}
