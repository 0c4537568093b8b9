package studio.brain.devices.homeassistant;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import studio.brain.devices.AlertSeverity;
import studio.brain.devices.ConnectorFailure;
import studio.brain.devices.DeviceAlert;
import studio.brain.devices.DeviceKind;
import studio.brain.devices.DeviceState;
import studio.brain.devices.ErrorKind;
import studio.brain.observability.EventLog;

/**
 * Turns Home Assistant's {@code GET /api/states} answer (a JSON array of state objects: {@code entity_id},
 * {@code state}, {@code attributes}, {@code last_changed}, {@code last_updated}, {@code last_reported},
 * {@code context}) into device states for the allowlisted {@code vacuum.*} entities.
 *
 * <p>Only entities on the allowlist are read; an empty allowlist reads none (and says so in the log), so a studio
 * never exposes a vacuum by accident. A payload that is not what the REST API documents (malformed JSON, not an
 * array, wrong types on a listed vacuum) is refused whole with {@link ErrorKind#BAD_RESPONSE}, and the last good
 * reading stays.
 *
 * <p>Safe for concurrent use.
 */
public final class HomeAssistantVacuums {
    public static final String CONNECTOR = "home-assistant";

    static final int MAX_ENTITIES = 64;

    private static final EventLog LOG = EventLog.of("devices.homeassistant");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Pattern VACUUM_ENTITY = Pattern.compile("vacuum\\.[a-z0-9_]+");
    private static final Set<String> KNOWN_STATES = Set.of("cleaning", "docked", "idle", "paused", "returning",
            "error", "unavailable", "unknown");

    private final Set<String> allowlist;
    private final Duration staleAfter;
    private final Clock clock;
    private volatile List<DeviceState> latest = List.of();

    /**
     * @param allowlist  the {@code vacuum.*} entity ids to read; empty reads none
     * @param staleAfter a vacuum whose state Home Assistant last reported longer ago than this is stale
     */
    public HomeAssistantVacuums(Set<String> allowlist, Duration staleAfter, Clock clock) {
        Objects.requireNonNull(allowlist, "allowlist");
        for (String entity : allowlist) {
            if (entity == null || !VACUUM_ENTITY.matcher(entity).matches()) {
                throw new IllegalArgumentException("Home Assistant allowlist entries must be vacuum.* entity ids, not '"
                        + entity + "'");
            }
        }
        if (allowlist.size() > MAX_ENTITIES) {
            throw new IllegalArgumentException("at most " + MAX_ENTITIES + " Home Assistant vacuums can be listed");
        }
        if (staleAfter == null || staleAfter.isNegative() || staleAfter.isZero()) {
            throw new IllegalArgumentException("staleAfter must be positive");
        }
        this.allowlist = Set.copyOf(new LinkedHashSet<>(allowlist));
        this.staleAfter = staleAfter;
        this.clock = Objects.requireNonNull(clock, "clock");
        if (this.allowlist.isEmpty()) {
            LOG.warn("home_assistant_allowlist_empty", "effect", "no vacuum is read until entities are listed");
        }
    }

    /** Parses {@code vacuum.a, vacuum.b} (the configuration's comma-separated form); blank gives the empty list. */
    public static Set<String> parseAllowlist(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return Set.of();
        }
        Set<String> entities = new LinkedHashSet<>();
        Arrays.stream(commaSeparated.split(","))
                .map(String::strip)
                .filter(entity -> !entity.isEmpty())
                .forEach(entities::add);
        return entities;
    }

    public Set<String> allowlist() {
        return allowlist;
    }

    /** True when no entity is listed: the connector then reads nothing, by design. */
    public boolean readsNothing() {
        return allowlist.isEmpty();
    }

    /**
     * Normalizes one {@code /api/states} answer, keeps it as the latest reading and returns it.
     *
     * @throws ConnectorFailure BAD_RESPONSE when the payload is not what Home Assistant documents
     */
    public List<DeviceState> accept(String body) {
        List<DeviceState> devices = normalize(body);
        latest = devices;
        return devices;
    }

    /** The latest good reading, its stale flags computed now. */
    public List<DeviceState> devices() {
        Instant now = clock.instant();
        List<DeviceState> devices = new ArrayList<>();
        for (DeviceState device : latest) {
            devices.add(new DeviceState(device.connector(), device.id(), device.label(), device.kind(),
                    device.online(), device.batteryPct(), device.lastSeenAt(), stale(device.lastSeenAt(), now),
                    device.attributes(), device.alerts()));
        }
        return devices;
    }

    /**
     * Normalizes one {@code /api/states} answer without keeping it.
     *
     * @throws ConnectorFailure BAD_RESPONSE when the payload is not what Home Assistant documents
     */
    public List<DeviceState> normalize(String body) {
        if (body == null || body.isBlank()) {
            throw bad("empty answer from /api/states");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw bad("/api/states answer is not valid JSON");
        }
        if (root == null || !root.isArray()) {
            throw bad("/api/states answer is not a JSON array");
        }
        Map<String, JsonNode> listed = new LinkedHashMap<>();
        int index = 0;
        for (JsonNode entity : root) {
            if (!entity.isObject() || !entity.path("entity_id").isTextual()) {
                throw bad("state #" + index + " has no entity_id string");
            }
            String entityId = entity.get("entity_id").asText();
            if (allowlist.contains(entityId)) {
                listed.put(entityId, entity);
            }
            index++;
        }
        Instant now = clock.instant();
        List<DeviceState> devices = new ArrayList<>();
        for (String entityId : allowlist.stream().sorted().toList()) {
            JsonNode entity = listed.get(entityId);
            devices.add(entity == null ? missing(entityId) : vacuum(entityId, entity, now));
        }
        return devices;
    }

    private DeviceState vacuum(String entityId, JsonNode entity, Instant now) {
        JsonNode stateNode = entity.get("state");
        if (stateNode == null || !stateNode.isTextual()) {
            throw bad(entityId + ": state is not a string");
        }
        String state = stateNode.asText();
        JsonNode attributesNode = entity.get("attributes");
        if (attributesNode == null || !attributesNode.isObject()) {
            throw bad(entityId + ": attributes is not an object");
        }
        String label = text(entityId, attributesNode, "friendly_name");
        Integer battery = battery(entityId, attributesNode.get("battery_level"));
        Instant lastChanged = timestamp(entityId, entity, "last_changed");
        Instant lastUpdated = timestamp(entityId, entity, "last_updated");
        Instant lastReported = timestamp(entityId, entity, "last_reported");
        // While unavailable, Home Assistant keeps re-reporting "unavailable"; the vacuum was last heard when it
        // changed to that state.
        Instant lastSeenAt = "unavailable".equals(state) ? lastChanged
                : lastReported != null ? lastReported : lastUpdated != null ? lastUpdated : lastChanged;

        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("state", state);
        copyScalars(attributesNode, attributes);
        if (lastChanged != null) {
            attributes.put("last_changed", lastChanged.toString());
        }

        String name = label == null ? entityId : label;
        boolean online = !"unavailable".equals(state);
        List<DeviceAlert> alerts = new ArrayList<>();
        switch (state) {
            case "unavailable" -> alerts.add(new DeviceAlert("DEVICE_OFFLINE", AlertSeverity.WARNING,
                    name + " is unavailable in Home Assistant"));
            case "unknown" -> alerts.add(new DeviceAlert("DEVICE_STATE_UNKNOWN", AlertSeverity.INFO,
                    "Home Assistant does not know the state of " + name + " yet"));
            case "error" -> alerts.add(new DeviceAlert("VACUUM_ERROR", AlertSeverity.WARNING,
                    name + ": " + errorText(entityId, attributesNode)));
            case "paused" -> alerts.add(new DeviceAlert("VACUUM_PAUSED", AlertSeverity.INFO,
                    name + " has a paused job"));
            default -> {
                if (!KNOWN_STATES.contains(state)) {
                    LOG.debug("home_assistant_vacuum_state_unlisted", "entity", entityId, "state", state);
                }
            }
        }
        return new DeviceState(CONNECTOR, entityId, name, DeviceKind.VACUUM, online, battery, lastSeenAt,
                stale(lastSeenAt, now), attributes, alerts);
    }

    /** A listed vacuum Home Assistant no longer knows: shown offline rather than silently dropped. */
    private DeviceState missing(String entityId) {
        return new DeviceState(CONNECTOR, entityId, entityId, DeviceKind.VACUUM, false, null, null, true,
                Map.of("state", "missing"), List.of(new DeviceAlert("DEVICE_OFFLINE", AlertSeverity.WARNING,
                        entityId + " is listed but Home Assistant has no such entity")));
    }

    /** Vacuum integrations put their error text in different attributes; these are the common ones. */
    private static String errorText(String entityId, JsonNode attributes) {
        for (String key : List.of("error", "status", "error_message")) {
            String text = text(entityId, attributes, key);
            if (text != null && !text.isBlank()) {
                return text;
            }
        }
        return "the vacuum reports an error";
    }

    private static String text(String entityId, JsonNode attributes, String key) {
        JsonNode node = attributes.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw bad(entityId + ": attribute " + key + " is not a string");
        }
        return node.asText();
    }

    private static Integer battery(String entityId, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw bad(entityId + ": battery_level is not a number");
        }
        double level = node.asDouble();
        if (level < 0 || level > 100) {
            throw bad(entityId + ": battery_level " + level + " is outside 0..100");
        }
        return (int) Math.round(level);
    }

    private static Instant timestamp(String entityId, JsonNode entity, String key) {
        JsonNode node = entity.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw bad(entityId + ": " + key + " is not a string");
        }
        try {
            return OffsetDateTime.parse(node.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw bad(entityId + ": " + key + " is not an ISO-8601 timestamp");
        }
    }

    /** Scalars and lists of scalars keep their JSON types; nested objects are left out. */
    private static void copyScalars(JsonNode attributes, Map<String, Object> into) {
        Iterator<Map.Entry<String, JsonNode>> fields = attributes.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            Object value = scalar(field.getValue());
            if (value != null) {
                into.put(field.getKey(), value);
            } else if (field.getValue().isArray()) {
                List<Object> items = new ArrayList<>();
                field.getValue().forEach(item -> {
                    Object scalar = scalar(item);
                    if (scalar != null) {
                        items.add(scalar);
                    }
                });
                into.put(field.getKey(), items);
            }
        }
    }

    private static Object scalar(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        return null;
    }

    private boolean stale(Instant lastSeenAt, Instant now) {
        return lastSeenAt == null || Duration.between(lastSeenAt, now).compareTo(staleAfter) > 0;
    }

    private static ConnectorFailure bad(String message) {
        return new ConnectorFailure(CONNECTOR, ErrorKind.BAD_RESPONSE, message);
    }
}
