package studio.brain.devices.hubitat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import studio.brain.testing.TestHub;

/** A hub configured for a fake Maker API, with the repository's Hubitat route and short test timings. */
public final class HubitatHubFixture {
    public static final String TOKEN = "4f1c2e9a-7b3d-4c55-9e61-0a8b2d3c4e5f";
    public static final String EVENTS_SECRET = "kiln-room-events-9c1d7e3a5b";

    private HubitatHubFixture() {
    }

    public static Map<String, String> env(Path work, FakeMakerApi fake) throws Exception {
        Map<String, String> env = TestHub.env(work);
        Path routes = Files.createDirectories(Path.of(env.get("STUDIO_BRAIN_ROUTES_DIR")));
        Files.copy(Path.of("routes/hubitat-devices.camel.yaml"), routes.resolve("hubitat-devices.camel.yaml"),
                StandardCopyOption.REPLACE_EXISTING);
        env.put("STUDIO_BRAIN_HUBITAT_URL", fake.url());
        env.put("STUDIO_BRAIN_HUBITAT_APP_ID", FakeMakerApi.APP_ID);
        env.put("STUDIO_BRAIN_HUBITAT_ACCESS_TOKEN", TOKEN);
        env.put("STUDIO_BRAIN_HUBITAT_POLL_SECONDS", "1");
        env.put("STUDIO_BRAIN_HUBITAT_TIMEOUT_MILLIS", "1500");
        env.put("STUDIO_BRAIN_HUBITAT_BREAKER_OPEN_SECONDS", "1");
        env.put("STUDIO_BRAIN_HUBITAT_STALE_SECONDS", "4");
        env.put("STUDIO_BRAIN_HUBITAT_PUSH_WINDOW_SECONDS", "600");
        env.put("STUDIO_BRAIN_HUBITAT_EVENTS_SECRET", EVENTS_SECRET);
        return env;
    }

    /** The connector's entry in {@code GET /api/connectors}. */
    public static JsonNode connector(TestHub hub, String name) throws Exception {
        JsonNode answer = TestHub.json(hub.get("/api/connectors"));
        for (JsonNode c : answer.get("connectors")) {
            if (name.equals(c.get("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("no connector " + name + " in " + answer);
    }

    /** Polls {@code /api/connectors} until the connector's entry satisfies the condition. */
    public static JsonNode await(TestHub hub, String name, Predicate<JsonNode> condition, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = connector(hub, name);
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("connector " + name + " never reached the expected state; last: " + last);
    }
}
