package studio.brain.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The outbox's subscriber table in one environment-friendly line: {@code topic=endpoint|endpoint;topic2=endpoint}.
 * A topic is exact ({@code proposal.created}), a prefix ({@code proposal.*}) or everything ({@code *}).
 */
public final class OutboxSubscribers {
    private OutboxSubscribers() {
    }

    public static Map<String, List<String>> parse(String text) {
        Map<String, List<String>> table = new LinkedHashMap<>();
        for (String entry : text.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException("each entry reads topic=endpoint[|endpoint], got '" + entry.trim() + "'");
            }
            String topic = entry.substring(0, eq).trim();
            if (!topic.matches("\\*|[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*(\\.\\*)?")) {
                throw new IllegalArgumentException("'" + topic + "' is not a topic (dotted lower case, optionally "
                        + "ending in .*, or *)");
            }
            List<String> endpoints = new ArrayList<>();
            for (String uri : entry.substring(eq + 1).split("\\|")) {
                if (!uri.isBlank()) {
                    if (!uri.trim().matches("[a-z][a-z0-9+.-]*:.+")) {
                        throw new IllegalArgumentException("'" + uri.trim() + "' is not a Camel endpoint URI");
                    }
                    endpoints.add(uri.trim());
                }
            }
            table.put(topic, List.copyOf(endpoints));
        }
        return table;
    }

    public static String format(Map<String, List<String>> table) {
        return table.entrySet().stream().map(e -> e.getKey() + "=" + String.join("|", e.getValue()))
                .collect(Collectors.joining(";"));
    }
}
