package studio.brain.observability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.Header;

/** Lets a route write a structured event to the JSON log (used by the {@code hub-event-sink} Kamelet). */
public final class HubEvents {
    public static final String EVENT_HEADER = "StudioBrainEvent";
    private static final EventLog LOG = EventLog.of("routes");

    public void emit(@Header(EVENT_HEADER) String event, @Body Object body) {
        if (event == null || event.isBlank()) {
            throw new IllegalArgumentException("the hub-event-sink Kamelet needs an event name");
        }
        List<Object> fields = new ArrayList<>();
        if (body instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                fields.add(String.valueOf(k));
                fields.add(v);
            });
        } else if (body != null) {
            fields.add("body");
            fields.add(String.valueOf(body));
        }
        LOG.info(event, fields.toArray());
    }
}
