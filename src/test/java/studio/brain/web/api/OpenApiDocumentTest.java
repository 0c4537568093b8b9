package studio.brain.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.testing.TestHub;

/** The served OpenAPI document and the hub's routes describe the same API, operation for operation. */
class OpenApiDocumentTest {

    @Test
    void theDocumentDescribesExactlyTheApiRoutesTheHubServes(@TempDir Path work) throws Exception {
        Map<String, String> env = TestHub.env(work);
        // The intake webhook is a route file of its own (routes/), authenticated by its signature.
        Files.createDirectories(Path.of(env.get("STUDIO_BRAIN_ROUTES_DIR")));
        Files.copy(Path.of("routes/intake-webhook.camel.yaml"),
                Path.of(env.get("STUDIO_BRAIN_ROUTES_DIR")).resolve("intake-webhook.camel.yaml"));
        try (ApiHub api = ApiHub.start(env)) {
            Set<String> served = new TreeSet<>();
            for (Route route : api.hub.hub().camel().getRoutes()) {
                if (route.getEndpoint() instanceof PlatformHttpEndpoint http && http.getPath().startsWith("/api")) {
                    // A route open to every method would be an operation per method; none should be.
                    String methods = http.getHttpMethodRestrict() == null ? "ANY" : http.getHttpMethodRestrict();
                    for (String method : methods.split(",")) {
                        served.add(method.trim().toUpperCase(Locale.ROOT) + " " + http.getPath());
                    }
                }
            }

            ApiHub.Answer answer = api.get("/api/openapi.json", api.staff());
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            JsonNode document = answer.json();
            Set<String> described = new TreeSet<>();
            document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(
                    method -> described.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));

            assertThat(served).as("routes the hub serves").contains("POST /api/proposals", "GET /api/audit");
            assertThat(described).as("described but not served").isSubsetOf(served);
            assertThat(served).as("served but not described").isSubsetOf(described);
        }
    }

    @Test
    void everyOperationSaysWhoMayCallItAndEveryReferenceResolves() {
        JsonNode document = OpenApiDocument.build("test");
        assertThat(document.get("openapi").asText()).isEqualTo("3.1.0");
        List<String> problems = new ArrayList<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String name = op.getKey() + " " + path.getKey();
            JsonNode operation = op.getValue();
            if (!Set.of("staff", "staff or agent", OpenApiDocument.WEBHOOK_ACCESS)
                    .contains(operation.path("x-access").asText())) {
                problems.add(name + ": no x-access");
            }
            if (operation.path("security").isEmpty()) {
                problems.add(name + ": no security");
            }
            boolean webhook = OpenApiDocument.WEBHOOK_ACCESS.equals(operation.path("x-access").asText());
            if (!operation.path("responses").has("401") || (!webhook && !operation.path("responses").has("403"))) {
                problems.add(name + ": no 401 or 403");
            }
            if (path.getKey().contains("{") && !operation.has("parameters")) {
                problems.add(name + ": path parameter not described");
            }
        }));
        List<String> refs = document.findValuesAsText("$ref");
        for (String ref : refs) {
            String schema = ref.substring("#/components/schemas/".length());
            if (!document.at("/components/schemas").has(schema)) {
                problems.add("unresolved " + ref);
            }
        }
        assertThat(problems).isEmpty();
        assertThat(document.at("/paths/~1api~1proposals~1{id}~1approve/post/x-access").asText()).isEqualTo("staff");
        assertThat(document.at("/paths/~1api~1proposals/post/x-access").asText()).isEqualTo("staff or agent");
    }
}
