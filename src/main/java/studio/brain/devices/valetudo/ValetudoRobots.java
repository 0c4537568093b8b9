package studio.brain.devices.valetudo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import studio.brain.devices.AlertSeverity;
import studio.brain.devices.DeviceAlert;
import studio.brain.devices.DeviceKind;
import studio.brain.devices.DeviceState;
import studio.brain.devices.ErrorKind;
import studio.brain.observability.EventLog;

/**
 * What the hub knows about the Valetudo robots on one MQTT broker, kept from the messages of their Homie topic tree
 * ({@code <prefix>/<robot>/$state}, {@code <prefix>/<robot>/<Node>/<property>}, with {@code $datatype}/{@code $unit}
 * attributes beside each property). It only listens: it never publishes, and it ignores {@code /set} command
 * topics that others send to the robots.
 *
 * <p>Valetudo publishes its state as retained messages. A message the broker replays because we (re)subscribed
 * (retained flag set) restores state but is not a sign of life; only a live message moves {@code lastSeenAt}. A
 * robot that drops off gets its Homie last will, {@code $state = lost}, and shows offline.
 *
 * <p>Safe for concurrent use: the MQTT consumer thread writes while the API reads.
 */
public final class ValetudoRobots {
    public static final String CONNECTOR = "valetudo";

    static final int MAX_ROBOTS = 32;
    static final int MAX_PROPERTIES_PER_ROBOT = 512;
    static final int MAX_PAYLOAD_BYTES = 16 * 1024;

    private static final EventLog LOG = EventLog.of("devices.valetudo");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TOPIC_ID = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern ENUM_TOKEN = Pattern.compile("[a-z_]+");
    private static final Set<String> HOMIE_STATES = Set.of("init", "ready", "disconnected", "sleeping", "lost", "alert");
    private static final String BATTERY_LEVEL = "BatteryStateAttribute/level";
    private static final String STATUS = "StatusStateAttribute/status";
    private static final String ERROR = "StatusStateAttribute/error";
    private static final String ERROR_DESCRIPTION = "StatusStateAttribute/error_description";
    private static final String CONSUMABLES = "ConsumableMonitoringCapability/";
    private static final String ATTACHMENTS = "AttachmentStateAttribute/";

    private final String topicPrefix;
    private final ConsumableThresholds thresholds;
    private final Duration staleAfter;
    private final Clock clock;
    private final Map<String, Robot> robots = new ConcurrentHashMap<>();

    /**
     * @param topicPrefix Valetudo's configured topic prefix (its default is {@code valetudo}); may contain slashes
     * @param staleAfter  a robot not heard live for longer than this is reported stale
     */
    public ValetudoRobots(String topicPrefix, ConsumableThresholds thresholds, Duration staleAfter, Clock clock) {
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        String prefix = topicPrefix.strip();
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        if (prefix.isEmpty() || prefix.contains("#") || prefix.contains("+")) {
            throw new IllegalArgumentException("Valetudo topic prefix must be a plain topic, without wildcards");
        }
        if (staleAfter == null || staleAfter.isNegative() || staleAfter.isZero()) {
            throw new IllegalArgumentException("staleAfter must be positive");
        }
        this.topicPrefix = prefix;
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
        this.staleAfter = staleAfter;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public String topicPrefix() {
        return topicPrefix;
    }

    /**
     * Takes one MQTT message. Topics outside the prefix, command topics and map data are ignored; a value that does
     * not match its documented type is recorded as a problem for its robot and changes nothing else.
     *
     * @param retained the broker delivered it from its retained store (a replay on subscribe), not live
     */
    public void accept(String topic, byte[] payload, Boolean retained) {
        if (topic == null || !topic.startsWith(topicPrefix + "/")) {
            return;
        }
        String[] levels = topic.substring(topicPrefix.length() + 1).split("/", -1);
        String robotId = levels[0];
        if (!TOPIC_ID.matcher(robotId).matches() || levels.length < 2) {
            return;
        }
        String path = topic.substring(topicPrefix.length() + 1 + robotId.length() + 1);
        if (ignored(levels)) {
            return;
        }
        Robot robot = robots.get(robotId);
        if (robot == null) {
            if (robots.size() >= MAX_ROBOTS) {
                LOG.warn("valetudo_robot_limit", "robot", robotId, "limit", MAX_ROBOTS);
                return;
            }
            robot = robots.computeIfAbsent(robotId, Robot::new);
        }
        byte[] bytes = payload == null ? new byte[0] : payload;
        robot.take(path, bytes, Boolean.TRUE.equals(retained), clock.instant());
    }

    /** The robots as devices, ordered by id. */
    public List<DeviceState> devices() {
        Instant now = clock.instant();
        List<DeviceState> devices = new ArrayList<>();
        robots.values().stream()
                .sorted(Comparator.comparing(Robot::id))
                .forEach(robot -> devices.add(robot.toDevice(now)));
        return devices;
    }

    /** Messages that did not match the documented shapes and have not been corrected since, oldest first. */
    public List<ValetudoProblem> problems() {
        List<ValetudoProblem> problems = new ArrayList<>();
        robots.values().forEach(robot -> problems.addAll(robot.problems()));
        problems.sort(Comparator.comparing(ValetudoProblem::at));
        return problems;
    }

    /** When any robot last sent a live message, or null when none has. */
    public Instant lastLiveMessageAt() {
        return robots.values().stream()
                .map(Robot::lastSeenAt)
                .filter(Objects::nonNull)
                .max(Comparator.naturalOrder())
                .orElse(null);
    }

    /** Command topics ({@code .../set}), consumable reset responses and the (large, deflated) map data. */
    private static boolean ignored(String[] levels) {
        String last = levels[levels.length - 1];
        if ("set".equals(last) || "reset".equals(last)) {
            return true;
        }
        return levels.length >= 2 && "MapData".equals(levels[1]);
    }

    private final class Robot {
        private final String id;
        private String homieState;
        private String name;
        private Instant lastSeenAt;
        private final Map<String, Object> values = new TreeMap<>();
        private final Map<String, String> propertyAttributes = new TreeMap<>();
        private final Map<String, ValetudoProblem> problems = new LinkedHashMap<>();

        Robot(String id) {
            this.id = id;
        }

        String id() {
            return id;
        }

        synchronized Instant lastSeenAt() {
            return lastSeenAt;
        }

        synchronized List<ValetudoProblem> problems() {
            return List.copyOf(problems.values());
        }

        synchronized void take(String path, byte[] payload, boolean retained, Instant now) {
            if (payload.length > MAX_PAYLOAD_BYTES) {
                problem(path, "payload of " + payload.length + " bytes is larger than " + MAX_PAYLOAD_BYTES, now);
                return;
            }
            String text = new String(payload, StandardCharsets.UTF_8).strip();
            String[] levels = path.split("/", -1);
            try {
                if (levels.length == 1 && levels[0].startsWith("$")) {
                    deviceAttribute(levels[0], text, path);
                } else if (levels.length == 2 && !levels[0].startsWith("$")) {
                    if (levels[1].startsWith("$")) {
                        return; // node attributes ($name, $type, $properties): documentation only
                    }
                    property(path, text);
                } else if (levels.length == 3 && levels[2].startsWith("$")) {
                    propertyAttribute(levels[0] + "/" + levels[1], levels[2], text, path);
                } else {
                    return;
                }
            } catch (BadValue bad) {
                problem(path, bad.getMessage(), now);
                return;
            }
            problems.remove(path);
            if (!retained && !leftTheBroker(path)) {
                lastSeenAt = now;
            }
        }

        /** The broker sends the last will for the robot; it is news about the robot, not from it. */
        private boolean leftTheBroker(String path) {
            return "$state".equals(path) && ("lost".equals(homieState) || "disconnected".equals(homieState));
        }

        private void deviceAttribute(String attribute, String text, String path) {
            switch (attribute) {
                case "$state" -> {
                    if (text.isEmpty()) {
                        homieState = null;
                        return;
                    }
                    if (!HOMIE_STATES.contains(text)) {
                        throw new BadValue("$state '" + printable(text) + "' is not a Homie device state");
                    }
                    if (!text.equals(homieState)) {
                        LOG.info("valetudo_robot_state", "robot", id, "state", text);
                    }
                    homieState = text;
                }
                case "$name" -> name = text.isEmpty() ? null : text;
                default -> {
                    // $homie, $nodes, $implementation, ...: not needed for status
                }
            }
        }

        private void propertyAttribute(String property, String attribute, String text, String path) {
            if (!"$datatype".equals(attribute) && !"$unit".equals(attribute) && !"$format".equals(attribute)) {
                return;
            }
            String key = property + "/" + attribute;
            if (text.isEmpty()) {
                propertyAttributes.remove(key);
            } else if (propertyAttributes.containsKey(key) || propertyAttributes.size() < MAX_PROPERTIES_PER_ROBOT) {
                propertyAttributes.put(key, text);
            }
        }

        private void property(String path, String text) {
            if (text.isEmpty()) {
                values.remove(path); // an empty retained message clears the topic
                return;
            }
            Object value = typed(path, text);
            if (values.containsKey(path) || values.size() < MAX_PROPERTIES_PER_ROBOT) {
                values.put(path, value);
            }
        }

        private Object typed(String path, String text) {
            if (BATTERY_LEVEL.equals(path)) {
                long level = integer(path, text);
                if (level < 0 || level > 100) {
                    throw new BadValue(path + " " + level + " is outside 0..100");
                }
                return (int) level;
            }
            if (path.startsWith(CONSUMABLES)) {
                long remaining = integer(path, text);
                if (remaining < 0) {
                    throw new BadValue(path + " " + remaining + " is negative");
                }
                return remaining;
            }
            if (path.startsWith(ATTACHMENTS)) {
                return bool(path, text);
            }
            if (STATUS.equals(path)) {
                if (!ENUM_TOKEN.matcher(text).matches()) {
                    throw new BadValue(path + " '" + printable(text) + "' is not a status");
                }
                return text;
            }
            if (ERROR.equals(path)) {
                return error(path, text);
            }
            String datatype = propertyAttributes.get(path + "/$datatype");
            if ("integer".equals(datatype)) {
                return integer(path, text);
            }
            if ("float".equals(datatype)) {
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new BadValue(path + " '" + printable(text) + "' is not a float");
                }
            }
            if ("boolean".equals(datatype)) {
                return bool(path, text);
            }
            return text;
        }

        /** Newer Valetudo publishes the robot error as JSON; older releases as a plain description. */
        private Object error(String path, String text) {
            if (!text.startsWith("{")) {
                return text;
            }
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (IOException e) {
                throw new BadValue(path + " is not valid JSON");
            }
            if (node == null || !node.isObject()) {
                throw new BadValue(path + " is not a JSON object");
            }
            JsonNode message = node.get("message");
            if (message != null && !message.isNull() && !message.isTextual()) {
                throw new BadValue(path + " message is not a string");
            }
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("message", message == null || message.isNull() ? "" : message.asText());
            JsonNode subsystem = node.get("subsystem");
            if (subsystem != null && subsystem.isTextual()) {
                error.put("subsystem", subsystem.asText());
            }
            JsonNode severity = node.get("severity");
            if (severity != null && severity.isObject()) {
                if (severity.path("kind").isTextual()) {
                    error.put("severityKind", severity.get("kind").asText());
                }
                if (severity.path("level").isTextual()) {
                    error.put("severityLevel", severity.get("level").asText());
                }
            }
            return error;
        }

        private long integer(String path, String text) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new BadValue(path + " '" + printable(text) + "' is not an integer");
            }
        }

        private boolean bool(String path, String text) {
            return switch (text) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new BadValue(path + " '" + printable(text) + "' is not a boolean");
            };
        }

        private void problem(String path, String message, Instant now) {
            problems.remove(path);
            problems.put(path, new ValetudoProblem(id, topicPrefix + "/" + id + "/" + path, ErrorKind.BAD_RESPONSE,
                    message, now));
            LOG.warn("valetudo_bad_value", "robot", id, "topic", path, "problem", message);
        }

        synchronized DeviceState toDevice(Instant now) {
            boolean online = !"lost".equals(homieState) && !"disconnected".equals(homieState);
            List<DeviceAlert> alerts = new ArrayList<>();
            String label = name == null ? id : name;
            if (!online) {
                alerts.add(new DeviceAlert("DEVICE_OFFLINE", AlertSeverity.WARNING, "lost".equals(homieState)
                        ? label + " dropped off the MQTT broker (Valetudo last will: lost)"
                        : label + " disconnected from the MQTT broker"));
            } else if ("alert".equals(homieState)) {
                alerts.add(new DeviceAlert("DEVICE_NEEDS_ATTENTION", AlertSeverity.WARNING,
                        label + " reports that it needs attention (Homie state alert)"));
            }
            Object status = values.get(STATUS);
            if ("error".equals(status)) {
                alerts.add(new DeviceAlert("VACUUM_ERROR", AlertSeverity.WARNING, label + ": " + errorText()));
            } else if ("paused".equals(status)) {
                alerts.add(new DeviceAlert("VACUUM_PAUSED", AlertSeverity.INFO, label + " has a paused job"));
            }
            consumableAlerts(label, alerts);
            Map<String, Object> attributes = new LinkedHashMap<>(values);
            if (homieState != null) {
                attributes.put("$state", homieState);
            }
            Object battery = values.get(BATTERY_LEVEL);
            boolean stale = lastSeenAt == null || Duration.between(lastSeenAt, now).compareTo(staleAfter) > 0;
            return new DeviceState(CONNECTOR, id, label, DeviceKind.VACUUM, online,
                    battery instanceof Integer level ? level : null, lastSeenAt, stale, attributes, alerts);
        }

        private String errorText() {
            if (values.get(ERROR) instanceof Map<?, ?> error
                    && error.get("message") instanceof String message && !message.isBlank()) {
                return message;
            }
            if (values.get(ERROR) instanceof String message && !message.isBlank()) {
                return message;
            }
            if (values.get(ERROR_DESCRIPTION) instanceof String description && !description.isBlank()) {
                return description;
            }
            return "the robot reports an error without a description";
        }

        private void consumableAlerts(String label, List<DeviceAlert> alerts) {
            Map<ConsumablePart, String> worst = new TreeMap<>();
            values.forEach((path, value) -> {
                if (!path.startsWith(CONSUMABLES) || !(value instanceof Long remaining)) {
                    return;
                }
                String propertyId = path.substring(CONSUMABLES.length());
                ConsumablePart.ofValetudoId(propertyId).ifPresent(part -> {
                    String low = low(part, path, remaining);
                    if (low != null) {
                        worst.merge(part, low, (a, b) -> a + "; " + b);
                    }
                });
            });
            worst.forEach((part, text) -> alerts.add(new DeviceAlert(part.alertCode(), AlertSeverity.WARNING,
                    label + ": " + part.label() + " " + text)));
        }

        /**
         * Percent when Valetudo marks the property with {@code $unit %} (or format 0:100); otherwise, once its
         * {@code $datatype} is known, seconds of run time remaining (Valetudo converts its minutes to seconds for
         * Homie). Before the attributes arrive the unit is unknown and no alert is raised.
         */
        private String low(ConsumablePart part, String path, long remaining) {
            ConsumableThresholds.Limit limit = thresholds.limit(part);
            String unit = propertyAttributes.get(path + "/$unit");
            String format = propertyAttributes.get(path + "/$format");
            if ("%".equals(unit) || "0:100".equals(format)) {
                return remaining <= limit.percent() ? remaining + "% left" : null;
            }
            if (unit == null && propertyAttributes.containsKey(path + "/$datatype")) {
                Duration left = Duration.ofSeconds(remaining);
                return left.compareTo(limit.time()) <= 0 ? left.toHours() + " h " + left.toMinutesPart() + " min left"
                        : null;
            }
            return null;
        }
    }

    private static String printable(String text) {
        String cut = text.length() > 40 ? text.substring(0, 40) + "…" : text;
        return cut.replaceAll("[\\p{Cntrl}]", "?");
    }

    private static final class BadValue extends RuntimeException {
        BadValue(String message) {
            super(message, null, false, false);
        }
    }
}
