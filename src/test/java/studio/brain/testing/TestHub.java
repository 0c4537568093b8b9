package studio.brain.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import studio.brain.config.ConfigLoader;
import studio.brain.config.HubConfig;
import studio.brain.gate.auth.LocalAdminToken;
import studio.brain.hub.Hub;

/**
 * A real hub started in this JVM: its own port, data dir and database (on the shared test PostgreSQL), the
 * repo's connectors folder, and a routes folder the test chooses.
 */
public final class TestHub implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Hub hub;
    private final int port;

    private TestHub(Hub hub, int port) {
        this.hub = hub;
        this.port = port;
    }

    public static Map<String, String> env(Path workDir) {
        Map<String, String> env = new HashMap<>();
        env.put("STUDIO_BRAIN_HTTP_PORT", Integer.toString(Ports.free()));
        env.put("STUDIO_BRAIN_DATA_DIR", workDir.resolve("data").toString());
        env.put("STUDIO_BRAIN_DB_URL", TestPostgres.newDatabaseUrl());
        env.put("STUDIO_BRAIN_DB_USER", "postgres");
        env.put("STUDIO_BRAIN_ROUTES_DIR", workDir.resolve("routes").toString());
        env.put("STUDIO_BRAIN_CONNECTORS_DIR", Path.of("connectors-yaml").toAbsolutePath().toString());
        return env;
    }

    public static TestHub start(Map<String, String> env) throws Exception {
        Files.createDirectories(Path.of(env.get("STUDIO_BRAIN_ROUTES_DIR")));
        HubConfig config = ConfigLoader.load(ConfigLoader.bundledDefaults(), env);
        return new TestHub(Hub.start(config, Clock.systemUTC()), config.httpPort());
    }

    public Hub hub() {
        return hub;
    }

    public HttpResponse<String> send(String method, String path, Map<String, String> headers) throws Exception {
        return send(method, path, headers, null);
    }

    /** A request with a body (sent as given), or none when {@code body} is null. */
    public HttpResponse<String> send(String method, String path, Map<String, String> headers, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET as staff (the local admin token): every {@code /api/} endpoint requires authentication. */
    public HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, staffHeaders());
    }

    /** The local admin token this hub wrote to its data dir at start. */
    public String adminToken() throws IOException {
        return Files.readString(hub.config().dataDir().resolve(LocalAdminToken.FILE_NAME)).strip();
    }

    public Map<String, String> staffHeaders() throws IOException {
        return Map.of("Authorization", "Bearer " + adminToken());
    }

    public static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /** Polls {@code /readyz} until its JSON satisfies the condition, or fails after the timeout. */
    public JsonNode awaitReadiness(Predicate<JsonNode> condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = get("/readyz");
            last = json(response);
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("readiness never reached the expected state; last: " + last);
    }

    @Override
    public void close() {
        hub.close();
    }
}
