package studio.brain.devices.hubitat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

/**
 * A Hubitat Maker API on loopback, speaking its documented shapes: {@code GET /apps/api/{appId}/devices/all} answers
 * every device with {@code attributes} as a map of name to text value, {@code capabilities} and {@code commands};
 * {@code GET /apps/api/{appId}/devices/{id}} answers one device with attributes as a list of
 * {@code {name, currentValue, dataType}}. A wrong {@code access_token} is 401, as the hub answers it. It records every
 * request and can be told to misbehave.
 */
public final class FakeMakerApi implements AutoCloseable {
    public static final String APP_ID = "7";
    private static final DateTimeFormatter MAKER_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ")
            .withZone(ZoneOffset.UTC);

    /** How the next requests are answered. */
    public enum Mode { OK, STATUS_401, STATUS_403, STATUS_429, STATUS_500, HANG, SLOW_DRIP, MALFORMED_JSON, WRONG_TYPES }

    /** One request as the fake saw it. */
    public record Request(String method, String path, String query, String requestId, String connectorHeader) {
    }

    private final String token;
    private final int port;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.OK;
    private volatile String kilnTemperature = "38.5";
    /** The glaze room outlet (device 7): the one switch, which the command pilot's tests turn on and off. */
    private volatile String outletSwitch = "on";
    /** A device that takes commands but never changes: the command "worked", the state never shows it. */
    private volatile boolean ignoreCommands;
    private HttpServer server;
    private ExecutorService executor;

    public FakeMakerApi(String token, int port) {
        this.token = token;
        this.port = port;
    }

    public synchronized FakeMakerApi start() throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
                break;
            } catch (IOException e) {
                // The port may linger for a moment after a stop.
                last = e;
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
        if (server == null) {
            throw last;
        }
        executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.createContext("/apps/api/", this::handle);
        server.start();
        return this;
    }

    /** Stops answering: connections are then refused. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    public void kilnTemperature(String value) {
        this.kilnTemperature = value;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String query = exchange.getRequestURI().getRawQuery();
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), query,
                    exchange.getRequestHeaders().getFirst("X-Request-Id"),
                    exchange.getRequestHeaders().getFirst("X-Studio-Brain-Connector")));
            Mode now = mode;
            switch (now) {
                case STATUS_401 -> send(exchange, 401, "{\"error\":true,\"type\":\"AccessDenied\",\"message\":\"Access denied.\"}");
                case STATUS_403 -> send(exchange, 403, "{\"error\":true,\"message\":\"Forbidden\"}");
                case STATUS_429 -> {
                    exchange.getResponseHeaders().add("Retry-After", "7");
                    send(exchange, 429, "{\"error\":true,\"message\":\"Too many requests\"}");
                }
                case STATUS_500 -> send(exchange, 500, "{\"error\":true,\"message\":\"Internal error\"}");
                case HANG -> {
                    sleep(5_000);
                    send(exchange, 200, devicesAll());
                }
                case SLOW_DRIP -> drip(exchange, devicesAll());
                case MALFORMED_JSON -> send(exchange, 200, "[{\"id\":\"12\",\"label\":\"Kiln room sensor\",\"attributes\":{");
                case WRONG_TYPES -> send(exchange, 200, "[{\"id\":{\"value\":12},\"label\":[\"Kiln\"],\"attributes\":\"hot\"}]");
                default -> answer(exchange, query);
            }
        }
    }

    private void answer(HttpExchange exchange, String query) throws IOException {
        if (query == null || !query.equals("access_token=" + token)) {
            send(exchange, 401, "{\"error\":true,\"type\":\"AccessDenied\",\"message\":\"Access denied.\"}");
            return;
        }
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/apps/api/" + APP_ID + "/devices/all")) {
            send(exchange, 200, devicesAll());
        } else if (path.equals("/apps/api/" + APP_ID + "/devices/12")) {
            send(exchange, 200, deviceTwelve());
        } else if (path.equals("/apps/api/" + APP_ID + "/devices/7")) {
            send(exchange, 200, deviceSeven());
        } else if (path.equals("/apps/api/" + APP_ID + "/devices/7/on") || path.equals("/apps/api/" + APP_ID
                + "/devices/7/off")) {
            // The Maker API answers a command with the device as it was before the command.
            String before = deviceSeven();
            if (!ignoreCommands) {
                outletSwitch = path.substring(path.lastIndexOf('/') + 1);
            }
            send(exchange, 200, before);
        } else {
            send(exchange, 404, "{\"error\":true,\"message\":\"Not found\"}");
        }
    }

    /** devices/all: attributes as a map of text values, as the Maker API documents it. */
    public String devicesAll() {
        String date = MAKER_DATE.format(Instant.now());
        return """
                [
                  {"name": "Aqara Temperature Humidity", "label": "Kiln room sensor", "type": "Xiaomi Aqara Temperature Humidity Sensor",
                   "id": "12", "date": "%1$s", "model": null, "manufacturer": null, "room": "Kiln room",
                   "capabilities": ["TemperatureMeasurement", "RelativeHumidityMeasurement", "Battery", "Sensor", "Refresh"],
                   "attributes": {"temperature": "%2$s", "humidity": "41", "battery": "87", "pressure": null},
                   "commands": [{"command": "refresh"}]},
                  {"name": "Zigbee Outlet", "label": "Glaze room outlet", "type": "Generic Zigbee Outlet",
                   "id": "7", "date": "%1$s", "model": null, "manufacturer": null, "room": "Glaze room",
                   "capabilities": ["Outlet", "Switch", "PowerMeter", "HealthCheck", "Actuator", "Refresh"],
                   "attributes": {"switch": "%3$s", "power": "3.2", "healthStatus": "offline"},
                   "commands": [{"command": "off"}, {"command": "on"}, {"command": "refresh"}]},
                  {"name": "Contact Sensor", "label": "Back door contact", "type": "Generic Zigbee Contact Sensor",
                   "id": "31", "date": "%1$s", "model": null, "manufacturer": null, "room": null,
                   "capabilities": ["ContactSensor", "Battery", "TemperatureMeasurement", "Sensor"],
                   "attributes": {"contact": "closed", "battery": "12", "temperature": "19.0"},
                   "commands": []}
                ]
                """.formatted(date, kilnTemperature, outletSwitch);
    }

    /** devices/7, the single-device form: the outlet with its current switch state. */
    public String deviceSeven() {
        return """
                {"id": "7", "name": "Zigbee Outlet", "label": "Glaze room outlet", "type": "Generic Zigbee Outlet",
                 "room": "Glaze room",
                 "attributes": [
                   {"name": "switch", "currentValue": "%s", "dataType": "ENUM", "values": ["on", "off"]},
                   {"name": "power", "currentValue": 3.2, "dataType": "NUMBER"},
                   {"name": "healthStatus", "currentValue": "online", "dataType": "ENUM", "values": ["offline", "online"]}
                 ],
                 "capabilities": ["Outlet", "Switch", {"attributes": [{"name": "switch", "dataType": null}]},
                                  "PowerMeter", "HealthCheck", "Actuator", "Refresh"],
                 "commands": ["off", "on", "refresh"]}
                """.formatted(outletSwitch);
    }

    public String outletSwitch() {
        return outletSwitch;
    }

    public void ignoreCommands(boolean ignore) {
        this.ignoreCommands = ignore;
    }

    /** How many commands (devices/{id}/{command}) reached the fake. */
    public long commandsSent() {
        return requests.stream().filter(r -> r.path().matches("/apps/api/[0-9]+/devices/[0-9]+/[a-zA-Z]+")).count();
    }

    /** devices/{id}: attributes as a list with current values and data types, capabilities interleaved. */
    public static String deviceTwelve() {
        return """
                {"id": "12", "name": "Aqara Temperature Humidity", "label": "Kiln room sensor",
                 "type": "Xiaomi Aqara Temperature Humidity Sensor", "room": "Kiln room",
                 "attributes": [
                   {"name": "battery", "currentValue": 87, "dataType": "NUMBER"},
                   {"name": "humidity", "currentValue": 71, "dataType": "NUMBER"},
                   {"name": "temperature", "currentValue": 24.5, "dataType": "NUMBER"},
                   {"name": "pressure", "currentValue": null, "dataType": "NUMBER"}
                 ],
                 "capabilities": ["TemperatureMeasurement", {"attributes": [{"name": "temperature", "dataType": null}]},
                                  "RelativeHumidityMeasurement", {"attributes": [{"name": "humidity", "dataType": null}]},
                                  "Battery", {"attributes": [{"name": "battery", "dataType": null}]}, "Sensor", "Refresh"],
                 "commands": ["refresh"]}
                """;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json;charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Headers at once, then the body a few bytes at a time: each read is quick, the whole answer is not. */
    private static void drip(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json;charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < bytes.length; i += 8) {
                out.write(bytes, i, Math.min(8, bytes.length - i));
                out.flush();
                sleep(150);
            }
        } catch (IOException gone) {
            // The caller gave up, as it should.
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
