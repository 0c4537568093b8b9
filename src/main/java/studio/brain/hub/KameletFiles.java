package studio.brain.hub;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import studio.brain.observability.EventLog;

/**
 * Checks the connectors folder at start. Camel reads a Kamelet only when a route first uses it, so a malformed
 * one would otherwise surface as a route failure far from its cause; here it is named with file, line and
 * reason, reported as a degradation, and left out.
 */
public final class KameletFiles {
    public static final String SUFFIX = ".kamelet.yaml";
    private static final EventLog LOG = EventLog.of("connectors");

    private KameletFiles() {
    }

    /** Checks every Kamelet in the folder; returns the problems found (also reported to {@code degradations}). */
    public static List<LoadProblem> check(Path dir, Degradations degradations) {
        List<LoadProblem> problems = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return problems;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the connectors folder " + dir, e);
        }
        for (Path file : files) {
            try {
                checkOne(file);
                LOG.info("kamelet.found", "file", file.getFileName().toString());
            } catch (Exception e) {
                LoadProblem problem = LoadProblem.of(file, null, e);
                problems.add(problem);
                degradations.report("kamelet:" + file.getFileName(), problem.toString());
                LOG.warn("kamelet.refused", "file", file.getFileName().toString(), "line", problem.line(),
                        "reason", problem.reason());
            }
        }
        return problems;
    }

    static void checkOne(Path file) throws IOException {
        Object document;
        try (InputStream in = Files.newInputStream(file)) {
            document = new Load(LoadSettings.builder().setLabel(file.getFileName().toString()).build())
                    .loadFromInputStream(in);
        }
        String expectedName = file.getFileName().toString().replace(SUFFIX, "");
        Map<?, ?> root = map(document, "the file must be a YAML mapping with apiVersion, kind, metadata and spec");
        require("camel.apache.org/v1".equals(root.get("apiVersion")), "apiVersion must be camel.apache.org/v1");
        require("Kamelet".equals(root.get("kind")), "kind must be Kamelet");
        Map<?, ?> metadata = map(root.get("metadata"), "metadata is missing");
        require(expectedName.equals(metadata.get("name")),
                "metadata.name must be '" + expectedName + "', the file name without " + SUFFIX);
        Map<?, ?> spec = map(root.get("spec"), "spec is missing");
        Map<?, ?> template = map(spec.get("template"), "spec.template is missing");
        // A template may wrap its route to set route options, such as autoStartup: spec.template.route.from.
        Map<?, ?> route = template.get("route") instanceof Map<?, ?> wrapped ? wrapped : template;
        require(route.get("from") instanceof Map, "spec.template.from is missing");
    }

    private static Map<?, ?> map(Object value, String problem) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw new IllegalArgumentException(problem);
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }
}
