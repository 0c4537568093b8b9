package studio.brain.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.testing.TestHub;

/** README's example: a YAML route deduplicates with the hub's PostgreSQL-backed idempotent repository. */
class IdempotentRouteTest {

    @Test
    void aYamlRouteLetsEachWebhookIdThroughOnce(@TempDir Path work) throws Exception {
        Path routes = Files.createDirectories(work.resolve("routes"));
        Files.writeString(routes.resolve("once.camel.yaml"), """
                - route:
                    id: once-only
                    from:
                      uri: "direct:once-only"
                      steps:
                        - idempotentConsumer:
                            expression:
                              header: webhook-id
                            idempotentRepository: "#idempotentRepository"
                            steps:
                              - to: "mock:once"
                """);
        try (TestHub hub = TestHub.start(TestHub.env(work))) {
            assertThat(hub.hub().camel().getRoute("once-only")).as(hub.hub().degradations().current().toString())
                    .isNotNull();
            MockEndpoint once = hub.hub().camel().getEndpoint("mock:once", MockEndpoint.class);
            once.expectedMessageCount(2);
            ProducerTemplate producer = hub.hub().camel().createProducerTemplate();
            for (String id : new String[] {"msg_1", "msg_1", "msg_2", "msg_1"}) {
                producer.sendBodyAndHeader("direct:once-only", "{}", "webhook-id", id);
            }
            once.assertIsSatisfied();
            assertThat(once.getReceivedExchanges()).extracting(e -> e.getIn().getHeader("webhook-id"))
                    .containsExactly("msg_1", "msg_2");
        }
    }
}
