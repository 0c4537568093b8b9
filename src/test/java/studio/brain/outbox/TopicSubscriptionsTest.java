package studio.brain.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Exact topics, prefixes ending in ".*" and "*" resolve to the union of their endpoints, each once. */
class TopicSubscriptionsTest {

    @Test
    void aTopicGoesToItsExactPrefixAndCatchAllSubscribersInThatOrder() {
        Map<String, List<String>> config = new LinkedHashMap<>();
        config.put("*", List.of("direct:audit-tap"));
        config.put("proposal.*", List.of("direct:cockpit-queue", "direct:audit-tap"));
        config.put("proposal.created", List.of("direct:notify-staff"));
        TopicSubscriptions subscribers = new TopicSubscriptions(config);

        assertThat(subscribers.endpointsFor("proposal.created"))
                .containsExactly("direct:notify-staff", "direct:cockpit-queue", "direct:audit-tap");
        assertThat(subscribers.endpointsFor("proposal.approved.by_staff"))
                .containsExactly("direct:cockpit-queue", "direct:audit-tap");
        assertThat(subscribers.endpointsFor("proposal")).containsExactly("direct:audit-tap");
        assertThat(subscribers.endpointsFor("proposals.created")).containsExactly("direct:audit-tap");
    }

    @Test
    void withoutACatchAllAnUnknownTopicHasNoSubscriber() {
        TopicSubscriptions subscribers = new TopicSubscriptions(Map.of("kiln.*", List.of("mock:kiln")));
        assertThat(subscribers.endpointsFor("cockpit.queued")).isEmpty();
        assertThat(subscribers.endpointsFor("kiln")).isEmpty();
    }

    @Test
    void malformedSubscriptionsAreRefusedWhenTheRelayIsBuilt() {
        assertThatThrownBy(() -> new TopicSubscriptions(Map.of("kiln*", List.of("mock:kiln"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid outbox topic");
        assertThatThrownBy(() -> new TopicSubscriptions(Map.of("*.firing", List.of("mock:kiln"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid outbox topic");
        assertThatThrownBy(() -> new TopicSubscriptions(Map.of(".*", List.of("mock:kiln"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TopicSubscriptions(Map.of("Kiln.Fired", List.of("mock:kiln"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid outbox topic");
        assertThatThrownBy(() -> new TopicSubscriptions(Map.of("kiln.fired", List.of(" "))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank endpoint");
        assertThatThrownBy(() -> new TopicSubscriptions(Map.of("kiln.fired", Arrays.asList("mock:a", null))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null or blank endpoint");
    }
}
