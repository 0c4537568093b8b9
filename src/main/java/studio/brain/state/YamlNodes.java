package studio.brain.state;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reading a policy file as snakeyaml-engine's node tree, because the nodes remember their line and so every error
 * can point at it. A key given twice in one mapping is refused here, where a plain load would keep the last one.
 */
final class YamlNodes {
    private final Path file;

    YamlNodes(Path file) {
        this.file = file;
    }

    Node parse(String text) {
        try {
            return new Compose(LoadSettings.builder().setLabel(file.toString()).build())
                    .composeString(text)
                    .orElseThrow(() -> error(null, null, "the file is empty"));
        } catch (MarkedYamlEngineException e) {
            Integer line = e.getProblemMark().or(e::getContextMark).map(mark -> mark.getLine() + 1).orElse(null);
            throw error(line, null, "not valid YAML: " + e.getProblem());
        } catch (YamlEngineException e) {
            throw error(null, null, "not valid YAML");
        }
    }

    /** The entries of a mapping node by key, in file order. */
    Map<String, Node> mapping(Node node, String metricKey, String what) {
        if (!(node instanceof MappingNode mapping)) {
            throw error(lineOf(node), metricKey, what + " must be a mapping");
        }
        Map<String, Node> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = text(tuple.getKeyNode(), metricKey, "a key in " + what);
            if (entries.putIfAbsent(key, tuple.getValueNode()) != null) {
                throw error(lineOf(tuple.getKeyNode()), metricKey, what + " gives '" + key + "' twice");
            }
        }
        return entries;
    }

    /**
     * A metric's {@code key} read ahead of the rest, so that even an error in the mapping itself can name the
     * metric; null when there is none to read.
     */
    static String peekKey(Node node) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals("key")
                        && tuple.getValueNode() instanceof ScalarNode value) {
                    return value.getValue();
                }
            }
        }
        return null;
    }

    SequenceNode sequence(Node node, String metricKey, String what) {
        if (!(node instanceof SequenceNode sequence)) {
            throw error(lineOf(node), metricKey, what + " must be a list");
        }
        return sequence;
    }

    String text(Node node, String metricKey, String what) {
        Object value = scalar(node, metricKey, what);
        if (!(value instanceof String text) || text.isBlank()) {
            throw error(lineOf(node), metricKey, what + " must be a non-empty text");
        }
        return text;
    }

    /** A scalar as text, Long, Double or Boolean (YAML 1.2's JSON types); null is refused. */
    Object scalar(Node node, String metricKey, String what) {
        if (!(node instanceof ScalarNode scalar)) {
            throw error(lineOf(node), metricKey, what + " must be a single value");
        }
        String raw = scalar.getValue();
        Tag tag = scalar.getTag();
        try {
            if (Tag.STR.equals(tag)) {
                return raw;
            }
            if (Tag.INT.equals(tag)) {
                return Long.parseLong(raw);
            }
            if (Tag.FLOAT.equals(tag)) {
                return Double.parseDouble(raw);
            }
            if (Tag.BOOL.equals(tag)) {
                return Boolean.parseBoolean(raw);
            }
        } catch (NumberFormatException e) {
            throw error(lineOf(node), metricKey, what + " is not a usable number: " + raw);
        }
        throw error(lineOf(node), metricKey, what + " must not be null");
    }

    StudioMetricsFileException error(Integer line, String metricKey, String reason) {
        return new StudioMetricsFileException(file, line, metricKey, reason);
    }

    static Integer lineOf(Node node) {
        return node == null ? null : node.getStartMark().map(mark -> mark.getLine() + 1).orElse(null);
    }
}
