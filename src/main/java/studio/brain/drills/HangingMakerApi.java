package studio.brain.drills;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for a Hubitat hub's Maker API ({@code GET /apps/api/<app id>/devices/all?access_token=…}, answering
 * the documented device list) that can be told to hang: every request then waits without an answer until the drill
 * heals it. It counts requests, and any that is not a GET — a write the drill must never see.
 */
final class HangingMakerApi implements AutoCloseable {
    static final String APP_ID = "7";
    /** A throwaway credential of this local fake, not a real hub's. */
    static final String ACCESS_TOKEN = "drill-maker-token";
    private static final long LONGEST_HANG_SECONDS = 30;
    private static final String DEVICES = """
            [{"name":"Kiln Room Temperature","label":"Kiln room temperature","type":"Generic Zigbee Temperature Sensor",\
            "id":"12","date":"2026-11-30T06:00:00+0000","model":null,"manufacturer":null,\
            "capabilities":["TemperatureMeasurement","Sensor","Refresh"],"attributes":{"temperature":"31.5"},\
            "commands":[{"command":"refresh"}]},\
            {"name":"Kiln Vent Fan","label":"Kiln vent fan","type":"Generic Zigbee Outlet","id":"14",\
            "date":"2026-11-30T06:00:00+0000","model":null,"manufacturer":null,\
            "capabilities":["Switch","Outlet","Refresh"],"attributes":{"switch":"on"},\
            "commands":[{"command":"off"},{"command":"on"},{"command":"refresh"}]}]""";

    private final HttpServer server;
    private final ExecutorService threads;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();
    private volatile CountDownLatch hang;

    private HangingMakerApi(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    static HangingMakerApi start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "drill-maker-api");
            t.setDaemon(true);
            return t;
        });
        HangingMakerApi api = new HangingMakerApi(server, threads);
        server.createContext("/apps/api/", api::handle);
        server.setExecutor(threads);
        server.start();
        return api;
    }

    String devicesUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/apps/api/" + APP_ID + "/devices/all?access_token="
                + ACCESS_TOKEN;
    }

    /** From now on every request hangs. */
    void hang() {
        hang = new CountDownLatch(1);
    }

    /** Answers again, and lets the requests still hanging go. */
    void heal() {
        CountDownLatch held = hang;
        hang = null;
        if (held != null) {
            held.countDown();
        }
    }

    int requests() {
        return requests.get();
    }

    int writes() {
        return writes.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            if (!"GET".equals(exchange.getRequestMethod())) {
                writes.incrementAndGet();
                answer(exchange, 405, "{\"error\":\"method not allowed\"}");
                return;
            }
            String query = exchange.getRequestURI().getRawQuery();
            if (query == null || !("&" + query + "&").contains("&access_token=" + ACCESS_TOKEN + "&")) {
                answer(exchange, 401, "{\"error\":true,\"type\":\"AccessDenied\",\"message\":\"Access denied\"}");
                return;
            }
            if (!exchange.getRequestURI().getPath().equals("/apps/api/" + APP_ID + "/devices/all")) {
                answer(exchange, 404, "{\"error\":\"not found\"}");
                return;
            }
            CountDownLatch held = hang;
            if (held != null) {
                try {
                    held.await(LONGEST_HANG_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            answer(exchange, 200, DEVICES);
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        heal();
        server.stop(0);
        threads.shutdownNow();
    }
}
