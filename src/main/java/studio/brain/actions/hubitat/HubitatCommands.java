package studio.brain.actions.hubitat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import studio.brain.config.Secret;
import studio.brain.devices.ConnectorFailure;
import studio.brain.devices.ErrorKind;
import studio.brain.hash.CanonicalJson;
import studio.brain.hash.ContentHash;

/**
 * The Hubitat command pilot: switches an allowlisted lamp, fan or relay on or off through the Maker API, and proves
 * it happened. The Maker API's answer to a command describes the device as it was before the command, so the effect
 * is confirmed by reading the device again until its {@code switch} attribute shows the expected value or the
 * confirmation window closes; then the outcome is {@code unknown} (the gate raises a drift check and never retries).
 *
 * <p>The access token travels in the URL's query, as the Maker API requires; no message, log line or answer built
 * here contains a URL.
 */
public final class HubitatCommands {
    static final String CONNECTOR = "hubitat-commands";
    private static final Duration READ_BACK_PAUSE = Duration.ofMillis(250);

    private final URI base;
    private final String appId;
    private final Secret token;
    private final Duration timeout;
    private final Duration confirmWindow;
    private final DeviceCommandAllowlist allowlist;
    private final Processor sentGrantCheck;
    private final HttpClient http;

    public HubitatCommands(URI base, String appId, Secret token, Duration timeout, Duration confirmWindow,
                           DeviceCommandAllowlist allowlist, Processor sentGrantCheck) {
        this.base = Objects.requireNonNull(base, "base");
        this.appId = Objects.requireNonNull(appId, "appId");
        this.token = Objects.requireNonNull(token, "token");
        this.timeout = timeout;
        this.confirmWindow = confirmWindow;
        this.allowlist = allowlist;
        this.sentGrantCheck = Objects.requireNonNull(sentGrantCheck, "sentGrantCheck");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public DeviceCommandAllowlist allowlist() {
        return allowlist;
    }

    /** What the command would change: the device as it is now and the state it would be in. Reads only. */
    public String preview(Exchange exchange) throws Exception {
        Command command = command(exchange);
        allowlist.require(command.deviceId(), command.name());
        JsonNode device = readDevice(command.deviceId());
        String current = switchState(device);
        Map<String, Object> preview = new LinkedHashMap<>();
        preview.put("resource", resource(command.deviceId()));
        preview.put("device", Map.of("id", command.deviceId(), "label", device.path("label").asText(""),
                "type", device.path("type").asText("")));
        preview.put("current", Map.of("switch", String.valueOf(current)));
        preview.put("expected", Map.of("switch", command.name()));
        preview.put("change", command.name().equals(current) ? "none: already " + current
                : "switch " + current + " -> " + command.name());
        preview.put("confirmWithin", confirmWindow.toString());
        return CanonicalJson.of(preview);
    }

    /** Sends the command once, then reads the device back until the change shows or the window closes. */
    public String execute(Exchange exchange) throws Exception {
        sentGrantCheck.process(exchange);
        Command command = command(exchange);
        allowlist.require(command.deviceId(), command.name());
        JsonNode before = readDevice(command.deviceId());
        if (switchState(before) == null) {
            throw new ConnectorFailure(CONNECTOR, ErrorKind.BAD_RESPONSE, "device " + command.deviceId()
                    + " has no switch attribute; it is not a lamp, fan or relay");
        }
        String preHash = ContentHash.of(stateOf(before));
        get("/devices/" + segment(command.deviceId()) + "/" + segment(command.name()));
        long deadline = System.nanoTime() + confirmWindow.toNanos();
        JsonNode after = before;
        while (true) {
            after = readDevice(command.deviceId());
            if (command.name().equals(switchState(after))) {
                return answer(command, preHash, ContentHash.of(stateOf(after)), "succeeded", null);
            }
            if (System.nanoTime() >= deadline) {
                return answer(command, preHash, ContentHash.of(stateOf(after)), "unknown",
                        "the device still reports switch " + switchState(after) + " after " + confirmWindow);
            }
            Thread.sleep(READ_BACK_PAUSE.toMillis());
        }
    }

    private String answer(Command command, String preHash, String postHash, String outcome, String detail) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("resource", resource(command.deviceId()));
        answer.put("command", command.name());
        answer.put("preHash", preHash);
        answer.put("postHash", postHash);
        answer.put("outcome", outcome);
        answer.put("detail", detail);
        return CanonicalJson.of(answer);
    }

    /** The Maker API's single-device form: attributes as a list of {name, currentValue, dataType}. */
    JsonNode readDevice(String deviceId) {
        JsonNode device = json(get("/devices/" + segment(deviceId)));
        if (!device.isObject() || !device.path("attributes").isArray()) {
            throw new ConnectorFailure(CONNECTOR, ErrorKind.BAD_RESPONSE, "device " + deviceId
                    + ": the Maker API answer has no attribute list");
        }
        return device;
    }

    static String switchState(JsonNode device) {
        for (JsonNode attribute : device.path("attributes")) {
            if ("switch".equals(attribute.path("name").asText())) {
                JsonNode value = attribute.get("currentValue");
                return value == null || value.isNull() ? null : value.asText();
            }
        }
        return null;
    }

    /** The device's state for hashing: its attributes by name, nothing about the request. */
    private static Map<String, Object> stateOf(JsonNode device) {
        Map<String, Object> state = new java.util.TreeMap<>();
        for (JsonNode attribute : device.path("attributes")) {
            JsonNode value = attribute.get("currentValue");
            state.put(attribute.path("name").asText(), value == null || value.isNull() ? null : value.asText());
        }
        return state;
    }

    private String get(String path) {
        URI uri = URI.create(base.toString().replaceAll("/+$", "") + "/apps/api/" + segment(appId) + path
                + "?access_token=" + URLEncoder.encode(token.reveal(), StandardCharsets.UTF_8));
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new ConnectorFailure(CONNECTOR, ErrorKind.TIMEOUT, "no answer within " + timeout);
        } catch (ConnectException e) {
            throw new ConnectorFailure(CONNECTOR, ErrorKind.UNAVAILABLE, "connection refused");
        } catch (IOException e) {
            throw new ConnectorFailure(CONNECTOR, ErrorKind.UNAVAILABLE, "I/O error (" + e.getClass().getSimpleName()
                    + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorFailure(CONNECTOR, ErrorKind.UNKNOWN, "interrupted");
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new ConnectorFailure(CONNECTOR, ErrorKind.AUTH, "the Maker API refused the access token (" + status
                    + ")");
        }
        if (status == 429) {
            throw new ConnectorFailure(CONNECTOR, ErrorKind.RATE_LIMITED, "too many requests (429)");
        }
        if (status >= 500) {
            throw new ConnectorFailure(CONNECTOR, ErrorKind.UNAVAILABLE, "the hub answered " + status);
        }
        if (status != 200) {
            throw new ConnectorFailure(CONNECTOR, ErrorKind.BAD_RESPONSE, "the hub answered " + status);
        }
        return response.body();
    }

    private static JsonNode json(String body) {
        try {
            return CanonicalJson.mapper().readTree(body);
        } catch (IOException e) {
            throw new ConnectorFailure(CONNECTOR, ErrorKind.BAD_RESPONSE, "the Maker API answer is not JSON");
        }
    }

    private static String resource(String deviceId) {
        return "hubitat:device/" + deviceId;
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private record Command(String deviceId, String name) {
    }

    private static Command command(Exchange exchange) throws IOException {
        JsonNode input = CanonicalJson.mapper().readTree(exchange.getIn().getBody(String.class));
        String deviceId = input.path("deviceId").asText("");
        String name = input.path("command").asText("");
        if (!deviceId.matches("[0-9]{1,10}") || !(name.equals("on") || name.equals("off"))) {
            throw new IllegalArgumentException("a Hubitat command needs a numeric deviceId and on or off");
        }
        return new Command(deviceId, name);
    }
}
