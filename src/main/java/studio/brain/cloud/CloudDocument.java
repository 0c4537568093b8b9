package studio.brain.cloud;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One document as read from a {@link DocumentSource}. Field values are plain Java only (String, Long, Double,
 * Boolean, Instant for timestamps, List, Map, null), so nothing above the source depends on a client library's types.
 *
 * @param path       the document's path inside the database, "collection/id" or deeper
 * @param fields     the fields read (only the projected ones when a projection was asked for)
 * @param updateTime when the document last changed, as the source knows it; null when the source does not know
 */
public record CloudDocument(String path, Map<String, Object> fields, Instant updateTime) {

    public CloudDocument {
        Objects.requireNonNull(path, "path");
        // Unmodifiable, in the source's order, and null values allowed (a field may hold null).
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields == null ? Map.of() : fields));
    }
}
