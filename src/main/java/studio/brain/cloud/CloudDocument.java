package studio.brain.cloud;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One document read from the cloud: its path ({@code collection/id}), its fields (strings, {@code Long},
 * {@code Double}, {@code Boolean}, {@link Instant} for timestamps, lists, maps, null) and the time it was last
 * written, when the source knows it (null otherwise).
 */
public record CloudDocument(String path, Map<String, Object> fields, Instant updateTime) {

    public CloudDocument {
        Objects.requireNonNull(path, "path");
        fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The document id: the last segment of its path. */
    public String id() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
