package studio.brain.devices.homeassistant;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import studio.brain.testing.Ports;

/**
 * Home Assistant's REST API as far as the vacuum connector uses it, on a loopback port: {@code GET /api/} and
 * {@code GET /api/states} with a long-lived token checked from {@code Authorization: Bearer}, answering like Home
 * Assistant does ({@code 401: Unauthorized} as text without a valid token, the state objects as a JSON array).
 *
 * <p>Faults can be switched on for the contract tests: 401, 403, 429 with Retry-After, 500, a slow drip, a
 * hang (answers only after a long delay), malformed JSON, wrong types; {@link #stop()} and {@link #restart()} give
 * connection refused and recovery on the same port.
 */
public final class FakeHomeAssistant implements AutoCloseable {
    public enum Fault {
        NONE, UNAUTHORIZED, FORBIDDEN, RATE_LIMITED, SERVER_ERROR, SLOW_DRIP, HANG, MALFORMED_JSON, WRONG_TYPES
    }

    /** One request as the fake saw it; header names lower-cased. */
    public record Request(String method, String path, String query, Map<String, String> headers) {
    }

    private final String token;
    private final int port;
    private volatile String states;
    private volatile Fault fault = Fault.NONE;
    private volatile Duration retryAfter = Duration.ofSeconds(30);
    private volatile Duration dripInterval = Duration.ofMillis(500);
    private volatile Duration hang = Duration.ofSeconds(30);
    private final List<Request> requests = new ArrayList<>();
    private HttpServer server;
    private ExecutorService executor;

    private FakeHomeAssistant(String token) {
        this.token = Objects.requireNonNull(token, "token");
        this.port = Ports.free();
        this.states = HomeAssistantStates.load("states.json");
    }

    /** Starts serving the real-shaped {@code states.json} to clients with this token. */
    public static FakeHomeAssistant start(String token) {
        FakeHomeAssistant fake = new FakeHomeAssistant(token);
        fake.restart();
        return fake;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Replaces the {@code /api/states} answer. */
    public void states(String json) {
        this.states = Objects.requireNonNull(json);
    }

    public void fault(Fault fault) {
        this.fault = Objects.requireNonNull(fault);
    }

    public void retryAfter(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    /** Time between the bytes of a slow-drip answer. */
    public void dripInterval(Duration interval) {
        this.dripInterval = interval;
    }

    /** How long a hanging answer waits before it is sent. */
    public void hang(Duration hang) {
        this.hang = hang;
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public Request lastRequest() {
        synchronized (requests) {
            return requests.isEmpty() ? null : requests.get(requests.size() - 1);
        }
    }

    /** Starts (again) on the same port. */
    public synchronized void restart() {
        if (server != null) {
            throw new IllegalStateException("already running");
        }
        try {
            HttpServer started = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            executor = Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "fake-home-assistant");
                thread.setDaemon(true);
                return thread;
            });
            started.setExecutor(executor);
            started.createContext("/api/", this::handle);
            started.start();
            server = started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops listening: clients get connection refused until {@link #restart()}. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            synchronized (requests) {
                requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestURI().getRawQuery(), Map.copyOf(headers)));
            }
            Fault current = fault;
            if (!("Bearer " + token).equals(headers.get("authorization")) || current == Fault.UNAUTHORIZED) {
                text(exchange, 401, "401: Unauthorized");
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                text(exchange, 405, "405: Method Not Allowed");
                return;
            }
            switch (current) {
                case FORBIDDEN -> text(exchange, 403, "403: Forbidden");
                case RATE_LIMITED -> {
                    exchange.getResponseHeaders().add("Retry-After", String.valueOf(retryAfter.toSeconds()));
                    text(exchange, 429, "429: Too Many Requests");
                }
                case SERVER_ERROR -> text(exchange, 500, "500 Internal Server Error\n\nServer got itself in trouble");
                case SLOW_DRIP -> drip(exchange);
                case HANG -> {
                    sleep(hang);
                    answer(exchange);
                }
                case MALFORMED_JSON -> json(exchange, 200, "[{\"entity_id\": \"vacuum.throwing_room\", \"state\": ");
                case WRONG_TYPES -> json(exchange, 200, HomeAssistantStates.load("states-wrong-types.json"));
                default -> answer(exchange);
            }
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if ("/api/".equals(path)) {
            json(exchange, 200, "{\"message\": \"API running.\"}");
        } else if ("/api/states".equals(path)) {
            json(exchange, 200, states);
        } else {
            text(exchange, 404, "404: Not Found");
        }
    }

    /** A 200 whose body arrives one byte at a time. */
    private void drip(HttpExchange exchange) throws IOException {
        byte[] body = states.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        OutputStream out = exchange.getResponseBody();
        for (byte b : body) {
            out.write(b);
            out.flush();
            if (!sleep(dripInterval)) {
                return;
            }
        }
    }

    private static boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        send(exchange, status, body);
    }

    private static void text(HttpExchange exchange, int status, String body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        send(exchange, status, body);
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
