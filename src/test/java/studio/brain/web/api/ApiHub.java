package studio.brain.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import studio.brain.testing.TestHub;

/**
 * A running hub spoken to as a client would: JSON bodies, real credentials (the hub's admin token for staff,
 * delegation tokens that staff issue through the API for agents), and answers read as JSON.
 */
public final class ApiHub implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public final TestHub hub;
    final String port;

    private ApiHub(TestHub hub, String port) {
        this.hub = hub;
        this.port = port;
    }

    public static ApiHub start(Map<String, String> env) throws Exception {
        return new ApiHub(TestHub.start(env), env.get("STUDIO_BRAIN_HTTP_PORT"));
    }

    /** An answer: status, headers and the body as JSON (null when it is not JSON). */
    public record Answer(int status, HttpHeaders headers, String body, JsonNode json) {
        public String code() {
            return json == null ? null : json.at("/error/code").asText(null);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    public String staff() throws Exception {
        return "Bearer " + hub.adminToken();
    }

    /** Staff issue a delegation through the API; the agent's credential is its first token. */
    public String agent(String ownerUid, String agentUid, String... scopes) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ownerUid", ownerUid);
        body.put("agentUid", agentUid);
        body.put("scopes", List.of(scopes));
        body.put("ttl", "P1D");
        Answer issued = post("/api/delegations", staff(), body);
        if (issued.status() != 201) {
            throw new AssertionError("cannot issue a delegation: " + issued);
        }
        return "Delegation " + issued.json().at("/token/value").asText();
    }

    public Answer get(String path, String authorization) throws Exception {
        return send("GET", path, authorization, null, Map.of());
    }

    public Answer post(String path, String authorization, Object body) throws Exception {
        return send("POST", path, authorization, body, Map.of());
    }

    Answer post(String path, String authorization, Object body, Map<String, String> headers) throws Exception {
        return send("POST", path, authorization, body, headers);
    }

    /** A raw body, exactly as given. */
    Answer postText(String path, String authorization, String text) throws Exception {
        return send("POST", path, authorization, new RawBody(text), Map.of());
    }

    /** A body sent exactly as given (not as JSON of a Java value), for signed or malformed bodies. */
    static Object raw(String text) {
        return new RawBody(text);
    }

    private record RawBody(String text) {
    }

    Answer send(String method, String path, String authorization, Object body, Map<String, String> headers)
            throws Exception {
        String text = body == null ? null : body instanceof RawBody raw ? raw.text() : JSON.writeValueAsString(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, text == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(text));
        if (text != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        headers.forEach(request::header);
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        try {
            json = JSON.readTree(response.body());
        } catch (Exception notJson) {
            // left null
        }
        return new Answer(response.statusCode(), response.headers(), response.body(), json);
    }

    /** The ledger's actions for this query, newest first, as staff see them. */
    public List<String> auditActions(String query) throws Exception {
        Answer page = get("/api/audit?limit=500&" + query, staff());
        if (page.status() != 200) {
            throw new AssertionError("cannot read the audit timeline: " + page);
        }
        List<String> actions = new java.util.ArrayList<>();
        page.json().get("events").forEach(event -> actions.add(event.get("action").asText()));
        return actions;
    }

    public static Map<String, Object> json(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    /**
     * A policies folder for a test: the repository's schema and the capability file given (the registry the test
     * needs, such as a quota small enough to reach).
     */
    public static Path policies(Path work, String capabilitiesYaml) throws Exception {
        Path dir = Files.createDirectories(work.resolve("policies"));
        Files.createDirectories(dir.resolve("schema"));
        Files.copy(Path.of("policies/schema/capabilities.schema.json"), dir.resolve("schema/capabilities.schema.json"));
        Files.writeString(dir.resolve("capabilities.yaml"), capabilitiesYaml);
        return dir;
    }

    /**
     * Lets the outbox relay deliver what the test announced before the hub stops: a relay that opens its Kamelet
     * for the first time while Camel shuts down holds the shutdown until its timeout (15 s), which only slows the
     * suite. Bounded; the hub stops either way.
     */
    @Override
    public void close() {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        try (Connection c = hub.hub().database().dataSource().getConnection(); Statement s = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery("select count(*) from outbox where status = 'pending'")) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        break;
                    }
                }
                Thread.sleep(100);
            }
        } catch (Exception e) {
            // Stopping is what matters here.
        }
        hub.close();
    }
}
