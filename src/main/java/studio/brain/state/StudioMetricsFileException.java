package studio.brain.state;

import java.nio.file.Path;

/**
 * A studio-metrics policy file that cannot be used: the message names the file, the line when known, the metric
 * when the problem lies in one, and what is wrong. The hub keeps the metrics it had.
 */
public class StudioMetricsFileException extends IllegalArgumentException {
    private final transient Path file;
    private final Integer line;

    public StudioMetricsFileException(Path file, Integer line, String metricKey, String reason) {
        super(file + (line == null ? "" : " line " + line)
                + (metricKey == null ? "" : ", metric " + metricKey) + ": " + reason);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    /** The 1-based line of the problem, or null when it concerns the file as a whole. */
    public Integer line() {
        return line;
    }
}
