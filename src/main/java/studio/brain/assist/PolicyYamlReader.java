package studio.brain.assist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * What the assistive policy files' loaders share: reading the file, composing its YAML node tree (so every problem
 * keeps its line), and collecting every problem — file, line, the item (rule or template) and the reason — instead
 * of stopping at the first, so one edit fixes them all. Each loader names its own problem type.
 *
 * @param <P> the loader's problem type, made by {@link ProblemMaker}
 */
public class PolicyYamlReader<P> {

    /** Makes a loader's problem: file, 1-based line (null when there is none), item (null outside one), reason. */
    @FunctionalInterface
    public interface ProblemMaker<P> {
        P make(Path file, Integer line, String item, String reason);
    }

    protected final Path file;
    protected final List<P> problems = new ArrayList<>();
    private final ProblemMaker<P> maker;

    protected PolicyYamlReader(Path file, ProblemMaker<P> maker) {
        this.file = file;
        this.maker = maker;
    }

    public List<P> problems() {
        return problems;
    }

    /** The file's text; null, with the problem recorded, when it cannot be read. */
    public static <P> String read(Path file, ProblemMaker<P> maker, List<P> problems) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(maker.make(file, null, null, "cannot read the file: " + e.getClass().getSimpleName()));
            return null;
        }
    }

    /** The root node of the text; null, with the problem (and its line) recorded, when it is not YAML. */
    public Node compose(String text) {
        try {
            return new Compose(LoadSettings.builder().setLabel(file.toString()).build()).composeString(text)
                    .orElse(null);
        } catch (MarkedYamlEngineException e) {
            Integer line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(null);
            problems.add(maker.make(file, line, null, "not valid YAML: "
                    + (e.getProblem() == null ? "unreadable" : e.getProblem())));
        } catch (YamlEngineException e) {
            problems.add(maker.make(file, null, null, "not valid YAML"));
        }
        return null;
    }

    public void problem(Node node, String item, String reason) {
        Integer line = node == null ? null : node.getStartMark().map(m -> m.getLine() + 1).orElse(null);
        problems.add(maker.make(file, line, item, reason));
    }

    /** The mapping's fields by name; unknown, repeated or non-plain keys are problems. */
    public Map<String, NodeTuple> fields(MappingNode mapping, String item, Set<String> allowed) {
        Map<String, NodeTuple> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                problem(tuple.getKeyNode(), item, "a key must be a plain name");
                continue;
            }
            if (!allowed.contains(key.getValue())) {
                problem(key, item, "unknown field '" + key.getValue() + "' (allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            } else if (fields.put(key.getValue(), tuple) != null) {
                problem(key, item, "field '" + key.getValue() + "' appears twice");
            }
        }
        return fields;
    }

    /** A non-empty text field, stripped; null (a problem when required) when absent or not a text. */
    public String string(Map<String, NodeTuple> fields, String name, Node owner, String item, boolean required) {
        NodeTuple t = fields.get(name);
        if (t == null) {
            if (required) {
                problem(owner, item, "'" + name + "' is missing");
            }
            return null;
        }
        if (t.getValueNode() instanceof ScalarNode s && !s.getValue().isBlank()) {
            return s.getValue().strip();
        }
        problem(t.getKeyNode(), item, "'" + name + "' must be a non-empty text");
        return null;
    }
}
