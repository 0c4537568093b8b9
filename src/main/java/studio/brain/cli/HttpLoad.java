package studio.brain.cli;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import studio.brain.config.ConfigLoader;
import studio.brain.hub.Hub;

/**
 * A bounded HTTP load for the benches: a fixed number of requests from a few keep-alive HTTP/1.1 connections, each
 * request's latency recorded, with Java's HttpClient as the load generator (on the same machine as the hub).
 */
final class HttpLoad {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** A hub of the bench's own, ready, on a free loopback port; closing it stops the hub. */
    record BenchHub(Hub hub, int port) implements AutoCloseable {
        @Override
        public void close() {
            hub.close();
        }
    }

    /**
     * Starts a hub in {@code work} (its data and routes folders there) on a free port, quiet (WARN), with the extra
     * settings given, and waits until it is ready.
     */
    BenchHub startHub(Path work, Map<String, String> settings) throws Exception {
        Files.createDirectories(work.resolve("routes"));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, String> env = new HashMap<>(settings);
        env.put("STUDIO_BRAIN_DATA_DIR", work.resolve("data").toString());
        env.put("STUDIO_BRAIN_HTTP_PORT", Integer.toString(port));
        env.put("STUDIO_BRAIN_ROUTES_DIR", work.resolve("routes").toString());
        env.put("STUDIO_BRAIN_LOG_LEVEL", "WARN");
        Hub hub = Hub.start(ConfigLoader.load(ConfigLoader.bundledDefaults(), env), Clock.systemUTC());
        waitUntilReady(port);
        return new BenchHub(hub, port);
    }

    /** What a run measured. */
    record Result(int requests, int unexpected, double seconds, long[] sortedLatencies) {

        double perSecond() {
            return requests / seconds;
        }

        double p50Millis() {
            return sortedLatencies[requests / 2] / 1e6;
        }

        double p99Millis() {
            return sortedLatencies[(int) (requests * 0.99)] / 1e6;
        }
    }

    Result run(int requests, int connections, int expectedStatus, IntFunction<HttpRequest> request) throws Exception {
        long[] latencies = new long[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger unexpected = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        List<Future<?>> workers = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int w = 0; w < connections; w++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    HttpRequest built = request.apply(i);
                    long start = System.nanoTime();
                    HttpResponse<Void> response = http.send(built, HttpResponse.BodyHandlers.discarding());
                    latencies[i] = System.nanoTime() - start;
                    if (response.statusCode() != expectedStatus) {
                        unexpected.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : workers) {
            f.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        Arrays.sort(latencies);
        return new Result(requests, unexpected.get(), seconds, latencies);
    }

    private void waitUntilReady(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the bench hub did not become ready");
    }
}
