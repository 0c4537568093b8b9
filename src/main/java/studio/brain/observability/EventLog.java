package studio.brain.observability;

import java.util.LinkedHashMap;
import java.util.Map;
import net.logstash.logback.marker.LogstashMarker;
import net.logstash.logback.marker.Markers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Structured events for the JSON log: every line the hub writes about itself names its component (the logger,
 * {@code studio.brain.<component>}), an {@code event} and its fields as key/value pairs. Values pass through
 * the log encoder's secret masking like everything else.
 */
public final class EventLog {
    private final Logger logger;

    private EventLog(Logger logger) {
        this.logger = logger;
    }

    public static EventLog of(String component) {
        return new EventLog(LoggerFactory.getLogger("studio.brain." + component));
    }

    public void info(String event, Object... fields) {
        if (logger.isInfoEnabled()) {
            logger.info(marker(event, fields), event);
        }
    }

    public void warn(String event, Object... fields) {
        logger.warn(marker(event, fields), event);
    }

    public void error(String event, Throwable error, Object... fields) {
        logger.error(marker(event, fields), event, error);
    }

    public void debug(String event, Object... fields) {
        if (logger.isDebugEnabled()) {
            logger.debug(marker(event, fields), event);
        }
    }

    /** The log line carries these from the MDC already; writing them twice would repeat a JSON key. */
    private static boolean alreadyInMdc(String field) {
        return switch (field) {
            case "routeId" -> MDC.get("camel.routeId") != null;
            case "requestId" -> MDC.get("camel.breadcrumbId") != null;
            case "jobId" -> MDC.get("jobId") != null;
            default -> false;
        };
    }

    private static LogstashMarker marker(String event, Object... fields) {
        if (fields.length % 2 != 0) {
            throw new IllegalArgumentException("fields come in name/value pairs");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            String name = String.valueOf(fields[i]);
            if (!alreadyInMdc(name)) {
                map.put(name, fields[i + 1]);
            }
        }
        return Markers.append("event", event).and(Markers.appendEntries(map));
    }
}
