package studio.brain.state;

import java.time.Instant;
import java.util.List;

/**
 * One StudioState metric as read from its source, with its provenance: where it came from, when, whether the read
 * was complete, and what to be careful about. A metric that could not be read has no value (never a made-up zero)
 * and is {@code partial}, with the reason among its warnings.
 *
 * @param key          the metric's name in the snapshot, e.g. {@code counts.batchesActive}
 * @param value        the count or sum; null when the source failed or timed out
 * @param source       {@code firestore}, {@code export-file} or {@code stripe}
 * @param readAt       when the read finished (or gave up)
 * @param completeness {@code full} or {@code partial}
 * @param warnings     plain sentences for staff; never personal data, keys or a server's free text
 * @param inputHash    canonical hash of what was read (the queries and their answers); null when nothing was read
 */
public record MetricReading(String key, Long value, String source, Instant readAt, String completeness,
                            List<String> warnings, String inputHash) {

    public MetricReading {
        warnings = List.copyOf(warnings);
    }

    public boolean complete() {
        return "full".equals(completeness);
    }
}
