package studio.brain.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The StudioState metrics and their drift thresholds, as declared in {@code policies/studio-metrics.yaml}
 * (schema 3.0; the file's header describes its shape). Loading checks the whole file and refuses it with a
 * {@link StudioMetricsFileException} naming the file, line, metric and reason.
 *
 * <p>Matching is case-insensitive: a value is looked for as written, in lower case, UPPER CASE and Capitalized
 * ({@link Spellings}), because Firestore compares exactly and the studio's records are not consistently cased. A
 * record without the field counts as not in a {@code notIn} list and as not starting with a {@code notStartsWith}
 * prefix, on every source.
 */
public final class StudioMetrics {
    public static final String FILE_NAME = "studio-metrics.yaml";
    public static final String SCHEMA_VERSION = "3.0";

    private final List<MetricDefinition> metrics;
    private final DriftThresholds drift;

    StudioMetrics(List<MetricDefinition> metrics, DriftThresholds drift) {
        this.metrics = List.copyOf(metrics);
        this.drift = drift;
    }

    public static StudioMetrics load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StudioMetricsFileException(file, null, null, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        return parse(file, text);
    }

    /** Parses a file's text; {@code file} names it in errors. */
    public static StudioMetrics parse(Path file, String text) {
        return new StudioMetricsParser(file).parse(text);
    }

    /** The metrics in file order. */
    public List<MetricDefinition> metrics() {
        return metrics;
    }

    public Optional<MetricDefinition> metric(String key) {
        return metrics.stream().filter(metric -> metric.key().equals(key)).findFirst();
    }

    /** The keys of the metrics read from the payment source. */
    public java.util.Set<String> paymentMetricKeys() {
        java.util.Set<String> keys = new java.util.LinkedHashSet<>();
        metrics().stream().filter(m -> m.source() == MetricSource.STRIPE).forEach(m -> keys.add(m.key()));
        return keys;
    }

    public DriftThresholds drift() {
        return drift;
    }
}
