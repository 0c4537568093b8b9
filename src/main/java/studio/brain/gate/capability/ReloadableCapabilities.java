package studio.brain.gate.capability;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import studio.brain.observability.EventLog;

/**
 * The registry the hub decides with, and its source file. {@link #reload()} swaps in a new version only when the
 * whole file is good; a bad edit is refused with file, line and reason, and the previous registry stays in force
 * until the file is fixed. If the file is bad when the hub starts, the registry is {@linkplain
 * CapabilityRegistry#empty() empty}: every capability is unknown and the gate denies, which is the safe side.
 *
 * <p>Events: {@code capabilities.loaded} (file, version, count, hash) and, for each problem,
 * {@code capabilities.refused} (file, line, reason, and the version kept).
 */
public final class ReloadableCapabilities {
    private static final EventLog LOG = EventLog.of("gate");

    private final Path file;
    private final Path schemaFile;
    private volatile CapabilityRegistry current = CapabilityRegistry.empty();
    private volatile List<PolicyProblem> problems = List.of();

    /** Loads the file now, checked against the schema beside it. */
    public ReloadableCapabilities(Path file) {
        this(file, CapabilityRegistryLoader.schemaBeside(file));
    }

    /** Loads the file now, checked against this schema. */
    public ReloadableCapabilities(Path file, Path schemaFile) {
        this.file = Objects.requireNonNull(file, "file");
        this.schemaFile = Objects.requireNonNull(schemaFile, "schemaFile");
        reload();
    }

    /** The registry in force. */
    public CapabilityRegistry current() {
        return current;
    }

    /**
     * Reads the file again. On success the new registry is in force and the answer is empty; otherwise the
     * previous registry stays and the answer lists why the file was refused.
     */
    public synchronized List<PolicyProblem> reload() {
        try {
            CapabilityRegistry loaded = CapabilityRegistryLoader.load(file, schemaFile);
            current = loaded;
            problems = List.of();
            LOG.info("capabilities.loaded", "file", file.toString(), "version", loaded.version(),
                    "count", loaded.all().size(), "hash", loaded.hash());
        } catch (PolicyFileException e) {
            problems = e.problems();
            CapabilityRegistry kept = current;
            for (PolicyProblem problem : problems) {
                LOG.warn("capabilities.refused", "file", problem.file().toString(), "line", problem.line(),
                        "reason", problem.reason(), "keptVersion", kept.version(), "keptHash", kept.hash());
            }
        }
        return problems;
    }

    /** Why the last load was refused; empty when the file in force is the file on disk. */
    public List<PolicyProblem> problems() {
        return problems;
    }

    public Path file() {
        return file;
    }
}
