package studio.brain.cloud;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback stand-in for Stripe's list endpoints ({@code GET /v1/<objects>}), answering in Stripe's real shapes:
 * a list object ({@code object}, {@code data}, {@code has_more}, {@code url}) newest first, honouring
 * {@code limit}, {@code starting_after}, {@code ending_before} and {@code created[gt|gte|lt|lte]}. It checks
 * {@code Authorization: Bearer rk_…} against the key it was given (401 with Stripe's error JSON otherwise), can
 * be told to answer the next requests with a status (429, 500, …), and counts and records the requests.
 */
final class FakeStripeServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String expectedKey;
    private final Map<String, List<Map<String, Object>>> objects = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Integer> failures = new ConcurrentLinkedQueue<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger requestCount = new AtomicInteger();
    private final AtomicInteger requestIds = new AtomicInteger();
    private volatile long delayMillis;

    FakeStripeServer(String expectedKey) throws IOException {
        this.expectedKey = expectedKey;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    String apiBase() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Adds objects to a list endpoint, e.g. {@code "payment_intents"}. */
    void add(String endpoint, List<Map<String, Object>> items) {
        objects.computeIfAbsent(endpoint, e -> new CopyOnWriteArrayList<>()).addAll(items);
    }

    /** The next {@code times} requests are answered with {@code status} and Stripe's error JSON. */
    void failNext(int status, int times) {
        for (int i = 0; i < times; i++) {
            failures.add(status);
        }
    }

    /** Every answer waits this long first (to provoke a client's read timeout). */
    void delay(long millis) {
        delayMillis = millis;
    }

    int requestCount() {
        return requestCount.get();
    }

    /** Path and query of each request, in order. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requestCount.incrementAndGet();
            String rawQuery = exchange.getRequestURI().getRawQuery();
            String path = exchange.getRequestURI().getPath();
            requests.add(path + (rawQuery == null ? "" : "?" + URLDecoder.decode(rawQuery, StandardCharsets.UTF_8)));
            exchange.getResponseHeaders().set("Request-Id", "req_fake" + requestIds.incrementAndGet());
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.equals("Bearer " + expectedKey)
                    || !expectedKey.startsWith("rk_")) {
                error(exchange, 401, "invalid_request_error", null,
                        "Invalid API Key provided: " + mask(authorization));
                return;
            }
            Integer failure = failures.poll();
            if (failure != null) {
                if (failure == 429) {
                    error(exchange, 429, "invalid_request_error", "rate_limit",
                            "Request rate limit exceeded. Learn more about rate limits here "
                                    + "https://stripe.com/docs/rate-limits.");
                } else {
                    error(exchange, failure, "api_error", null, "An unknown error occurred");
                }
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                error(exchange, 405, "invalid_request_error", null, "Only GET is served here");
                return;
            }
            String endpoint = path.substring("/v1/".length());
            if (endpoint.contains("/") || !objects.containsKey(endpoint) && !knownEndpoint(endpoint)) {
                error(exchange, 404, "invalid_request_error", "resource_missing",
                        "Unrecognized request URL (GET: " + path + ").");
                return;
            }
            list(exchange, endpoint, query(rawQuery));
        }
    }

    private void list(HttpExchange exchange, String endpoint, Map<String, String> query) throws IOException {
        int limit = query.containsKey("limit") ? Integer.parseInt(query.get("limit")) : 10;
        if (limit < 1 || limit > 100) {
            error(exchange, 400, "invalid_request_error", "parameter_invalid_integer",
                    "Invalid integer: limit must be between 1 and 100");
            return;
        }
        List<Map<String, Object>> all = new ArrayList<>(objects.getOrDefault(endpoint, List.of()));
        all.sort(Comparator.comparingLong((Map<String, Object> o) -> ((Number) o.get("created")).longValue())
                .reversed().thenComparing(o -> (String) o.get("id"), Comparator.reverseOrder()));
        List<Map<String, Object>> matching = new ArrayList<>();
        for (Map<String, Object> item : all) {
            long created = ((Number) item.get("created")).longValue();
            if (query.containsKey("created[gte]") && created < Long.parseLong(query.get("created[gte]"))
                    || query.containsKey("created[gt]") && created <= Long.parseLong(query.get("created[gt]"))
                    || query.containsKey("created[lt]") && created >= Long.parseLong(query.get("created[lt]"))
                    || query.containsKey("created[lte]") && created > Long.parseLong(query.get("created[lte]"))) {
                continue;
            }
            matching.add(item);
        }
        int start = 0;
        if (query.containsKey("starting_after")) {
            int at = indexOf(matching, query.get("starting_after"));
            if (at < 0) {
                error(exchange, 400, "invalid_request_error", "resource_missing",
                        "No such object: '" + query.get("starting_after") + "'");
                return;
            }
            start = at + 1;
        }
        int end = Math.min(matching.size(), start + limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object", "list");
        body.put("data", matching.subList(start, end));
        body.put("has_more", end < matching.size());
        body.put("url", "/v1/" + endpoint);
        send(exchange, 200, body);
    }

    private static boolean knownEndpoint(String endpoint) {
        for (PaymentObject object : PaymentObject.values()) {
            if (object.pathSegment().equals(endpoint)) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(List<Map<String, Object>> items, String id) {
        for (int i = 0; i < items.size(); i++) {
            if (id.equals(items.get(i).get("id"))) {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.put(key, value);
        }
        return query;
    }

    private static String mask(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return "(none)";
        }
        String key = authorization.substring("Bearer ".length());
        return key.length() <= 8 ? "***" : key.substring(0, 3) + "***" + key.substring(key.length() - 4);
    }

    private static void error(HttpExchange exchange, int status, String type, String code, String message)
            throws IOException {
        Map<String, Object> error = new LinkedHashMap<>();
        if (code != null) {
            error.put("code", code);
        }
        error.put("message", message);
        error.put("type", type);
        send(exchange, status, Map.of("error", error));
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
