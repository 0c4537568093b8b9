package studio.brain.devices;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A normalizer configured by the route, so that a simple JSON device needs no Java: the route's
 * {@code connectorOptions} say where each field is, as JSON Pointers (RFC 6901) into the answer.
 * <pre>
 *   items=/sensors               the list of devices (empty or absent: the answer is one device)
 *   id=/serial                   required, in each device
 *   label=/name                  optional
 *   kind=sensor                  a DeviceKind name (default sensor)
 *   attributes=temperature:/t,humidity:/rh
 *   battery=/battery             optional, percent
 *   online=/status               optional: true/false, or online/offline, up/down
 *   lastSeen=/updated            optional: an ISO-8601 instant or epoch seconds (default: the time of the read)
 * </pre>
 * A missing id, or a value of the wrong type, is a {@code BAD_RESPONSE}; alerts come from the device alert policy.
 */
public final class FieldMappingNormalizer implements DeviceNormalizer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Supplier<DeviceAlertPolicy> policy;

    public FieldMappingNormalizer(Supplier<DeviceAlertPolicy> policy) {
        this.policy = policy;
    }

    @Override
    public List<DeviceState> normalize(String connector, String body, Instant readAt, Map<String, String> options) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw bad(connector, "the answer is not JSON");
        }
        if (root == null || root.isMissingNode()) {
            throw bad(connector, "empty answer");
        }
        String itemsAt = options.getOrDefault("items", "");
        JsonNode items = itemsAt.isEmpty() ? root : root.at(itemsAt);
        List<JsonNode> devices = new ArrayList<>();
        if (itemsAt.isEmpty() && root.isObject()) {
            devices.add(root);
        } else if (items.isArray()) {
            items.forEach(devices::add);
        } else {
            throw bad(connector, "no list of devices at " + itemsAt);
        }
        DeviceKind kind = kind(options.getOrDefault("kind", "sensor"));
        List<DeviceState> states = new ArrayList<>();
        for (JsonNode device : devices) {
            states.add(device(connector, device, kind, readAt, options));
        }
        return states;
    }

    private DeviceState device(String connector, JsonNode device, DeviceKind kind, Instant readAt,
                               Map<String, String> options) {
        JsonNode id = device.at(pointer(options.get("id"), "id"));
        if (!(id.isTextual() || id.isIntegralNumber())) {
            throw bad(connector, "a device has no id (text or number) at " + options.get("id"));
        }
        String label = options.containsKey("label") ? textOrNull(connector, device.at(options.get("label")), "label") : null;
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (String pair : options.getOrDefault("attributes", "").split(",")) {
            int colon = pair.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            JsonNode value = device.at(pair.substring(colon + 1).trim());
            if (value.isObject() || value.isArray()) {
                throw bad(connector, "attribute " + pair.substring(0, colon).trim() + " is not a plain value");
            }
            if (!value.isMissingNode() && !value.isNull()) {
                attributes.put(pair.substring(0, colon).trim(), value.isNumber() ? value.numberValue()
                        : value.isBoolean() ? value.booleanValue() : value.asText());
            }
        }
        Integer battery = null;
        if (options.containsKey("battery")) {
            JsonNode b = device.at(options.get("battery"));
            if (!b.isMissingNode() && !b.isNull()) {
                if (!b.isNumber()) {
                    throw bad(connector, "battery is not a number");
                }
                battery = Math.max(0, Math.min(100, (int) Math.round(b.doubleValue())));
            }
        }
        boolean online = true;
        if (options.containsKey("online")) {
            JsonNode o = device.at(options.get("online"));
            if (o.isBoolean()) {
                online = o.booleanValue();
            } else if (o.isTextual()) {
                online = switch (o.asText().toLowerCase(Locale.ROOT)) {
                    case "online", "up", "true", "ok" -> true;
                    case "offline", "down", "false", "lost", "unavailable" -> false;
                    default -> throw bad(connector, "online is neither true/false nor online/offline");
                };
            } else if (!o.isMissingNode() && !o.isNull()) {
                throw bad(connector, "online is not a boolean or text");
            }
        }
        Instant seen = readAt;
        if (options.containsKey("lastSeen")) {
            JsonNode s = device.at(options.get("lastSeen"));
            try {
                seen = s.isIntegralNumber() ? Instant.ofEpochSecond(s.longValue())
                        : s.isTextual() ? Instant.parse(s.asText()) : readAt;
            } catch (DateTimeParseException e) {
                throw bad(connector, "lastSeen is not an ISO-8601 instant");
            }
        }
        String idText = id.asText();
        return new DeviceState(connector, idText, label, kind, online, battery, seen, false, attributes,
                policy.get().alertsFor(idText, label, online, battery, attributes));
    }

    private static String pointer(String pointer, String what) {
        if (pointer == null || !pointer.startsWith("/")) {
            throw new IllegalStateException("connectorOptions must give " + what + " as a JSON Pointer (/field)");
        }
        return pointer;
    }

    private static String textOrNull(String connector, JsonNode node, String what) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw bad(connector, what + " is not text");
        }
        return node.asText();
    }

    private static DeviceKind kind(String name) {
        try {
            return DeviceKind.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("connectorOptions kind must be one of switch, dimmer, sensor, thermostat, "
                    + "vacuum, lock, other");
        }
    }

    private static ConnectorFailure bad(String connector, String what) {
        return new ConnectorFailure(connector, ErrorKind.BAD_RESPONSE, what);
    }
}
