package studio.brain.devices.hubitat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import studio.brain.config.Secret;
import studio.brain.devices.ConnectorBoard;
import studio.brain.devices.DeviceState;
import studio.brain.hash.ContentHash;
import studio.brain.observability.EventLog;

/**
 * Device events the Maker API pushes ("post device events to URL"): {@code {"content": {"name", "value",
 * "displayName", "deviceId", "descriptionText", "unit", "type", "data"}}}. The shared secret is compared in constant
 * time; a wrong one is 401 and changes nothing, a body that is not JSON is 400, one without the documented fields
 * is 422. An accepted event updates its device on the board at once and tells the push watchdog that push is alive.
 * Location events (no deviceId) are accepted and ignored.
 */
public final class HubitatEvents {
    public static final String CONNECTOR = "hubitat";
    private static final EventLog LOG = EventLog.of("devices");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Optional<Secret> secret;
    private final boolean configured;
    private final ConnectorBoard board;
    private final HubitatNormalizer normalizer;
    private final HubitatPushWatch watch;
    private final Clock clock;

    public HubitatEvents(Optional<Secret> secret, boolean configured, ConnectorBoard board, HubitatNormalizer normalizer,
                         HubitatPushWatch watch, Clock clock) {
        this.secret = secret;
        this.configured = configured;
        this.board = board;
        this.normalizer = normalizer;
        this.watch = watch;
        this.clock = clock;
    }

    /** Checks and applies one event; the answer says what happened. */
    public Map<String, Object> receive(String presentedSecret, String body) {
        if (secret.isEmpty() || !configured) {
            throw new HubitatEventRejected(503, "NOT_CONFIGURED", "Hubitat device events are off: the Hubitat connector "
                    + "or STUDIO_BRAIN_HUBITAT_EVENTS_SECRET is not set");
        }
        if (presentedSecret == null || !sameSecret(presentedSecret, secret.get().reveal())) {
            LOG.warn("hubitat.event_refused", "component", "connector:" + CONNECTOR, "reason", "wrong or missing secret");
            throw new HubitatEventRejected(401, "NOT_AUTHENTICATED", "missing or wrong events secret");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new HubitatEventRejected(400, "BAD_REQUEST", "the body is not JSON");
        }
        JsonNode content = root == null ? null : root.get("content");
        if (content == null || !content.isObject()) {
            throw new HubitatEventRejected(422, "INVALID_INPUT", "the body must be {\"content\": {...}} as the Maker API "
                    + "posts device events");
        }
        JsonNode name = content.get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            throw new HubitatEventRejected(422, "INVALID_INPUT", "content.name must be the attribute's name (text)");
        }
        JsonNode deviceId = content.get("deviceId");
        if (deviceId != null && !deviceId.isNull() && !(deviceId.isTextual() || deviceId.isIntegralNumber())) {
            throw new HubitatEventRejected(422, "INVALID_INPUT", "content.deviceId must be a device id (text or number)");
        }
        JsonNode value = content.get("value");
        if (value != null && (value.isObject() || value.isArray())) {
            throw new HubitatEventRejected(422, "INVALID_INPUT", "content.value must be text, a number or null");
        }
        JsonNode displayName = content.get("displayName");
        if (displayName != null && !displayName.isNull() && !displayName.isTextual()) {
            throw new HubitatEventRejected(422, "INVALID_INPUT", "content.displayName must be text");
        }
        Instant now = clock.instant();
        watch.eventReceived(now);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("accepted", true);
        answer.put("eventHash", ContentHash.sha256Hex(body.getBytes(StandardCharsets.UTF_8)));
        if (deviceId == null || deviceId.isNull() || deviceId.asText().isBlank() || "0".equals(deviceId.asText())) {
            answer.put("applied", false);
            answer.put("reason", "not a device event (location or hub event)");
            return answer;
        }
        String id = deviceId.asText();
        Object raw = value == null || value.isNull() ? null : value.isNumber() ? value.numberValue() : value.asText();
        DeviceState updated = board.device(CONNECTOR, id)
                .map(before -> normalizer.withEvent(before, name.asText(), raw, now))
                .orElseGet(() -> normalizer.fromEvent(CONNECTOR, id,
                        displayName == null || displayName.isNull() ? null : displayName.asText(), name.asText(), raw, now));
        board.updateDevice(CONNECTOR, updated);
        answer.put("applied", true);
        answer.put("deviceId", id);
        return answer;
    }

    /** Constant time whatever the lengths: both sides are hashed first, then compared with MessageDigest.isEqual. */
    static boolean sameSecret(String presented, String expected) {
        return MessageDigest.isEqual(ContentHash.sha256(presented.getBytes(StandardCharsets.UTF_8)),
                ContentHash.sha256(expected.getBytes(StandardCharsets.UTF_8)));
    }
}
