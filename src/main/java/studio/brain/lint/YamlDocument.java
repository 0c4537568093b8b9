package studio.brain.lint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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
 * A YAML file as a JSON tree (what JSON Schemas and the lint's rules look at) that still knows the line of every
 * node, so a finding at {@code /capabilities/3/approval} points at the line an integrator edits. Scalars follow
 * YAML 1.2's JSON schema, as the hub's own policy loaders read them: {@code true}/{@code false}, {@code null},
 * numbers; everything else, quoted or not, is text.
 */
final class YamlDocument {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 64;

    private final Node root;
    private final JsonNode json;

    private YamlDocument(Node root, JsonNode json) {
        this.root = root;
        this.json = json;
    }

    /** Why a file could not be read as YAML, with the line when the parser gave one. */
    static final class Unreadable extends Exception {
        private final Integer line;

        Unreadable(Integer line, String reason) {
            super(reason);
            this.line = line;
        }

        Integer line() {
            return line;
        }
    }

    static YamlDocument read(Path file) throws Unreadable {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Unreadable(null, "cannot read the file (" + e.getClass().getSimpleName() + ")");
        }
        return parse(file.getFileName().toString(), text);
    }

    static YamlDocument parse(String label, String text) throws Unreadable {
        Node root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(label).build()).composeString(text).orElse(null);
        } catch (MarkedYamlEngineException e) {
            Integer line = e.getProblemMark().or(e::getContextMark).map(mark -> mark.getLine() + 1).orElse(null);
            throw new Unreadable(line, "not valid YAML: " + (e.getProblem() == null ? "unreadable" : e.getProblem()));
        } catch (YamlEngineException e) {
            throw new Unreadable(null, "not valid YAML");
        }
        if (root == null) {
            throw new Unreadable(null, "the file is empty");
        }
        return new YamlDocument(root, convert(root, 0));
    }

    JsonNode json() {
        return json;
    }

    /**
     * The line of the node at this path (property names and array indexes), or of its deepest ancestor that exists;
     * stepping into a mapping gives the line of the key.
     */
    int lineOf(List<Object> path) {
        Node node = root;
        int line = lineOf(root);
        for (Object step : path) {
            if (node instanceof MappingNode mapping && step instanceof String key) {
                Optional<NodeTuple> entry = mapping.getValue().stream()
                        .filter(t -> t.getKeyNode() instanceof ScalarNode s && s.getValue().equals(key))
                        .findFirst();
                if (entry.isEmpty()) {
                    break;
                }
                line = lineOf(entry.get().getKeyNode());
                node = entry.get().getValueNode();
            } else if (node instanceof SequenceNode sequence && step instanceof Integer index
                    && index >= 0 && index < sequence.getValue().size()) {
                node = sequence.getValue().get(index);
                line = lineOf(node);
            } else {
                break;
            }
        }
        return line;
    }

    private static int lineOf(Node node) {
        return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(1);
    }

    private static JsonNode convert(Node node, int depth) throws Unreadable {
        if (depth > MAX_DEPTH) {
            throw new Unreadable(lineOf(node), "nested deeper than " + MAX_DEPTH + " levels");
        }
        if (node instanceof ScalarNode scalar) {
            return scalar(scalar);
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = JSON.arrayNode();
            for (Node item : sequence.getValue()) {
                array.add(convert(item, depth + 1));
            }
            return array;
        }
        if (node instanceof MappingNode mapping) {
            ObjectNode object = JSON.objectNode();
            for (NodeTuple tuple : mapping.getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                    throw new Unreadable(lineOf(tuple.getKeyNode()), "a key must be a plain name");
                }
                if (object.has(key.getValue())) {
                    throw new Unreadable(lineOf(key), "key '" + key.getValue() + "' appears twice in one mapping");
                }
                object.set(key.getValue(), convert(tuple.getValueNode(), depth + 1));
            }
            return object;
        }
        throw new Unreadable(lineOf(node), "unsupported YAML node " + node.getNodeType());
    }

    private static JsonNode scalar(ScalarNode scalar) throws Unreadable {
        Tag tag = scalar.getTag();
        String value = scalar.getValue();
        try {
            if (Tag.BOOL.equals(tag)) {
                return JSON.booleanNode(Boolean.parseBoolean(value));
            }
            if (Tag.NULL.equals(tag)) {
                return JSON.nullNode();
            }
            if (Tag.INT.equals(tag)) {
                BigInteger number = new BigInteger(value);
                return number.bitLength() < 32 ? JSON.numberNode(number.intValue())
                        : number.bitLength() < 64 ? JSON.numberNode(number.longValue()) : JSON.numberNode(number);
            }
            if (Tag.FLOAT.equals(tag)) {
                return JSON.numberNode(Double.parseDouble(value));
            }
        } catch (NumberFormatException e) {
            throw new Unreadable(lineOf(scalar), "'" + value + "' is not a number");
        }
        return JSON.textNode(value);
    }
}
