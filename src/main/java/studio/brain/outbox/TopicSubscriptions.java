package studio.brain.outbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which Camel endpoints receive a topic. A subscription is an exact topic ({@code proposal.created}), a prefix
 * ending in {@code .*} ({@code proposal.*} receives {@code proposal.created} and {@code proposal.x.y}, not
 * {@code proposal} itself), or {@code *} for every topic. A topic goes to the union of its matches, exact ones
 * first, each endpoint once.
 */
final class TopicSubscriptions {
    private final Map<String, List<String>> exact = new LinkedHashMap<>();
    private final Map<String, List<String>> prefixes = new LinkedHashMap<>();
    private final List<String> everything = new ArrayList<>();
    /** Topics are few and repeat; resolving each once keeps the relay's per-message work to a lookup. */
    private final Map<String, List<String>> resolved = new ConcurrentHashMap<>();

    TopicSubscriptions(Map<String, List<String>> endpointsByPattern) {
        Objects.requireNonNull(endpointsByPattern, "subscribers");
        endpointsByPattern.forEach((pattern, endpoints) -> {
            List<String> uris = checkedEndpoints(pattern, endpoints);
            if ("*".equals(pattern)) {
                everything.addAll(uris);
            } else if (pattern != null && pattern.endsWith(".*")) {
                String prefix = pattern.substring(0, pattern.length() - 1);
                Outbox.requireTopic(prefix.substring(0, prefix.length() - 1));
                prefixes.put(prefix, uris);
            } else {
                exact.put(Outbox.requireTopic(pattern), uris);
            }
        });
    }

    /** The endpoints for a topic, in delivery order; empty when nobody subscribes to it. */
    List<String> endpointsFor(String topic) {
        return resolved.computeIfAbsent(topic, this::resolve);
    }

    private List<String> resolve(String topic) {
        Set<String> uris = new LinkedHashSet<>(exact.getOrDefault(topic, List.of()));
        prefixes.forEach((prefix, endpoints) -> {
            if (topic.startsWith(prefix)) {
                uris.addAll(endpoints);
            }
        });
        uris.addAll(everything);
        return List.copyOf(uris);
    }

    private static List<String> checkedEndpoints(String pattern, List<String> endpoints) {
        if (endpoints == null) {
            throw new IllegalArgumentException("the subscription '" + pattern + "' has no endpoint list");
        }
        for (String uri : endpoints) {
            if (uri == null || uri.isBlank()) {
                throw new IllegalArgumentException("the subscription '" + pattern
                        + "' lists a null or blank endpoint URI");
            }
        }
        return List.copyOf(endpoints);
    }
}
