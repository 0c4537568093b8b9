package studio.brain.scorecard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.config.ConfigKey;
import studio.brain.testing.TestHub;

/**
 * The scorecard in a running hub: the repo's route started on its schedule, {@code GET /api/scorecard} in the agreed
 * shape for staff only, and a refused policy file leaving the scorecard off and the hub degraded but serving.
 */
class ScorecardHubTest {
    @TempDir
    Path work;

    private TestHub start(Map<String, String> env) throws Exception {
        Files.createDirectories(work.resolve("routes"));
        Files.copy(Path.of("routes/scorecard.camel.yaml"), work.resolve("routes/scorecard.camel.yaml"));
        return TestHub.start(env);
    }

    /** Starts with this schedule (Camel reads the setting from the environment, or a system property alike). */
    private TestHub startWithCron(Map<String, String> env, String cron) throws Exception {
        System.setProperty(ConfigKey.SCORECARD_CRON.propertyName(), cron);
        try {
            return start(env);
        } finally {
            System.clearProperty(ConfigKey.SCORECARD_CRON.propertyName());
        }
    }

    @Test
    void staffSeeEveryIndicatorInTheAgreedShape() throws Exception {
        // A schedule that does not fire during the test, so the only run is the one the test makes.
        try (TestHub hub = startWithCron(TestHub.env(work), "0 0 3 1 1 ? 2099")) {
            assertThat(hub.hub().camel().getRouteController().getRouteStatus("scorecard").isStarted()).isTrue();
            assertThat(hub.send("GET", "/api/scorecard", Map.of()).statusCode()).isEqualTo(401);

            HttpResponse<String> response = hub.get("/api/scorecard");
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode body = TestHub.json(response);
            assertThat(iterable(body.fieldNames())).containsExactly("computedAt", "indicators");
            assertThat(body.get("computedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*Z");
            List<String> keys = new ArrayList<>();
            for (JsonNode indicator : body.get("indicators")) {
                keys.add(indicator.get("key").asText());
                assertThat(iterable(indicator.fieldNames())).containsExactly("key", "title", "value", "unit", "status",
                        "warning", "critical", "owner", "note");
                assertThat(indicator.get("status").asText()).isIn("ok", "warning", "critical", "unknown");
                assertThat(indicator.get("unit").asText()).isIn("hours", "percent");
                assertThat(indicator.get("warning").isNumber()).isTrue();
                assertThat(indicator.get("critical").isNumber()).isTrue();
                assertThat(indicator.get("owner").asText()).isNotBlank();
                if (indicator.get("status").asText().equals("unknown")) {
                    assertThat(indicator.get("value").isNull()).isTrue();
                } else {
                    assertThat(indicator.get("value").isNumber()).isTrue();
                }
            }
            assertThat(keys).containsExactly(Stream.of(Indicator.values()).map(Indicator::key).toArray(String[]::new));
            JsonNode connectors = body.get("indicators").get(Indicator.CONNECTOR_HEALTH.ordinal());
            assertThat(connectors.get("status").asText()).isEqualTo("unknown");
            // The board is wired, but this hub configured no connector: nothing to measure, so unknown, not 100 %.
            assertThat(connectors.get("note").asText()).contains("no connector is configured");
            // A fresh hub has no snapshot yet: unknown, not a made-up age.
            assertThat(body.get("indicators").get(0).get("status").asText()).isEqualTo("unknown");

            // The route's step, as the schedule runs it: computes, and the API then shows that run.
            Object summary = hub.hub().camel().createProducerTemplate()
                    .requestBody("bean:scorecard?method=run", (Object) "");
            assertThat(summary).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsKeys("statuses", "breaches", "recovered", "alert");
            Scorecard bean = hub.hub().camel().getRegistry().lookupByNameAndType("scorecard", Scorecard.class);
            JsonNode after = TestHub.json(hub.get("/api/scorecard"));
            assertThat(after.get("computedAt").asText()).isEqualTo(bean.latest().orElseThrow().toJson().get("computedAt"));
        }
    }

    @Test
    void aRefusedPolicyFileLeavesTheScorecardOffAndTheHubDegradedNotDown() throws Exception {
        Path policies = work.resolve("policies");
        try (Stream<Path> files = Files.walk(Path.of("policies"))) {
            for (Path source : files.toList()) {
                Path target = policies.resolve(Path.of("policies").relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        Path file = policies.resolve("scorecard.yaml");
        Files.writeString(file, Files.readString(file).replace("    warning: 26\n    critical: 48\n",
                "    warning: 26\n    critical: 12\n"));
        Map<String, String> env = TestHub.env(work);
        env.put("STUDIO_BRAIN_POLICIES_DIR", policies.toString());
        try (TestHub hub = start(env)) {
            Map<String, String> degraded = hub.hub().degradations().current();
            assertThat(degraded).containsKey("policy:scorecard.yaml");
            assertThat(degraded.get("policy:scorecard.yaml")).contains("scorecard.yaml:")
                    .contains("critical (12) must be at or above warning (26)");
            assertThat(hub.hub().camel().getRouteController().getRouteStatus("scorecard").isStarted()).isFalse();
            HttpResponse<String> response = hub.get("/api/scorecard");
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(TestHub.json(response).path("error").path("message").asText()).contains("scorecard.yaml");
            // Everything else still answers.
            assertThat(hub.get("/api/capabilities").statusCode()).isEqualTo(200);
            JsonNode ready = hub.awaitReadiness(r -> "degraded".equals(r.path("status").asText()), Duration.ofSeconds(30));
            assertThat(ready.path("degraded").toString()).contains("policy:scorecard.yaml");
        }
    }

    @Test
    void aScheduleThatIsNotACronLeavesTheRouteStoppedAndTheApiServing() throws Exception {
        try (TestHub hub = startWithCron(TestHub.env(work), "every five minutes")) {
            assertThat(hub.hub().degradations().current().get("config:STUDIO_BRAIN_SCORECARD_CRON"))
                    .contains("not a valid Quartz cron");
            assertThat(hub.hub().camel().getRouteController().getRouteStatus("scorecard").isStarted()).isFalse();
            assertThat(hub.get("/api/scorecard").statusCode()).isEqualTo(200);
        }
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
