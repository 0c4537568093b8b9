package studio.brain.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import studio.brain.config.Secret;
import studio.brain.testing.CapturedOutput;

class JsonLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> lines(String text) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                nodes.add(JSON.readTree(line));
            }
        }
        return nodes;
    }

    @Test
    void anEventIsOneJsonLineWithItsComponentEventAndFields() throws Exception {
        try (CapturedOutput out = new CapturedOutput()) {
            EventLog.of("jobs").info("job.succeeded", "durationMs", 12, "outcome", "ok");
            JsonNode line = lines(out.text()).get(0);
            assertThat(line.get("level").asText()).isEqualTo("INFO");
            assertThat(line.get("component").asText()).isEqualTo("jobs");
            assertThat(line.get("event").asText()).isEqualTo("job.succeeded");
            assertThat(line.get("durationMs").asInt()).isEqualTo(12);
            assertThat(line.get("ts").asText()).endsWith("Z");
        }
    }

    @Test
    void camelMdcKeysAppearUnderTheirShortNamesOnce() throws Exception {
        try (CapturedOutput out = new CapturedOutput()) {
            MDC.put("camel.routeId", "heartbeat");
            MDC.put("camel.breadcrumbId", "req-42");
            EventLog.of("routes").info("route.thing", "routeId", "heartbeat");
            String text = out.text();
            assertThat(text).containsOnlyOnce("\"routeId\"");
            JsonNode line = lines(text).get(0);
            assertThat(line.get("routeId").asText()).isEqualTo("heartbeat");
            assertThat(line.get("requestId").asText()).isEqualTo("req-42");
        } finally {
            MDC.clear();
        }
    }

    @Test
    void secretsAreMaskedInFieldsMessagesUrisAndStackTraces() throws Exception {
        Secret.of("hubitat-token-9f8e7d");
        try (CapturedOutput out = new CapturedOutput()) {
            EventLog.of("connectors").info("poll.done",
                    "url", "http://10.0.0.5/apps/api/7/devices/all?access_token=abcd-efgh-1234&x=1",
                    "password", "plain-password-value",
                    "note", "used rk_live_51Habcdef and whsec_c2VjcmV0 with Bearer eyJhbGciOi.x.y");
            LoggerFactory.getLogger("org.example.Library").warn("failed to call hubitat-token-9f8e7d",
                    new IllegalStateException("token hubitat-token-9f8e7d rejected"));
            String text = out.text();
            assertThat(text).doesNotContain("abcd-efgh-1234", "plain-password-value", "rk_live_51Habcdef",
                    "c2VjcmV0", "eyJhbGciOi", "hubitat-token-9f8e7d");
            assertThat(text).contains("access_token=" + Secret.MASK, "&x=1");
        }
    }
}
