package studio.brain.gate.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * A YAML policy file (the capability registry, the retention matrix, the scorecard) read twice over: as snakeyaml-engine's node tree, which remembers where each node starts, and
 * as the JSON tree that the JSON Schema and the rules check. A problem found in the JSON tree (a JSON Pointer such
 * as {@code /capabilities/3/risk}) is walked back through the node tree to its line in the file.
 *
 * <p>Scalars follow YAML 1.2's JSON schema: {@code true}/{@code false}, {@code null}, and JSON-style numbers;
 * everything else is a string. A key given twice in one mapping is an error here, where a plain YAML load would
 * silently keep the last one.
 */
public final class YamlTree {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Far deeper than any policy needs; stops a pathological file before it costs a stack. */
    private static final int MAX_DEPTH = 64;

    private final Node root;
    private final JsonNode json;

    private YamlTree(Node root, JsonNode json) {
        this.root = root;
        this.json = json;
    }

    public static YamlTree parse(Path file, String text) throws PolicyFileException {
        Node root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(file.toString()).build())
                    .composeString(text)
                    .orElse(null);
        } catch (MarkedYamlEngineException e) {
            Integer line = e.getProblemMark().or(e::getContextMark).map(mark -> mark.getLine() + 1).orElse(null);
            throw new PolicyFileException(file, List.of(new PolicyProblem(file, line, syntaxReason(e))));
        } catch (YamlEngineException e) {
            throw new PolicyFileException(file, List.of(new PolicyProblem(file, null,
                    "not valid YAML: " + firstLine(e.getMessage()))));
        }
        if (root == null) {
            throw new PolicyFileException(file, List.of(new PolicyProblem(file, null, "the file is empty")));
        }
        List<PolicyProblem> problems = new ArrayList<>();
        JsonNode json = new Converter(file, problems).convert(root, 0);
        if (!problems.isEmpty()) {
            throw new PolicyFileException(file, problems);
        }
        return new YamlTree(root, json);
    }

    public JsonNode json() {
        return json;
    }

    /**
     * The line of the node at this path (property names and array indexes), or of its deepest ancestor that exists.
     * Stepping into a mapping gives the line of the key, which is where a reader looks for the field.
     */
    public int lineOf(List<Object> path) {
        Node node = root;
        int line = lineOf(root);
        for (Object step : path) {
            if (node instanceof MappingNode mapping && step instanceof String key) {
                Optional<NodeTuple> entry = mapping.getValue().stream()
                        .filter(tuple -> tuple.getKeyNode() instanceof ScalarNode scalar
                                && scalar.getValue().equals(key))
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

    private static String syntaxReason(MarkedYamlEngineException e) {
        String problem = e.getProblem() == null ? firstLine(e.getMessage()) : e.getProblem();
        String context = e.getContext();
        return "not valid YAML: " + (context == null || context.isBlank() ? "" : context + ", ") + problem;
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse(message).trim();
    }

    /** Node tree to JSON tree, collecting every problem rather than stopping at the first. */
    private record Converter(Path file, List<PolicyProblem> problems) {

        JsonNode convert(Node node, int depth) {
            if (depth > MAX_DEPTH) {
                problem(node, "nested deeper than " + MAX_DEPTH + " levels");
                return JSON.nullNode();
            }
            if (node instanceof ScalarNode scalar) {
                return scalar(scalar);
            }
            if (node instanceof SequenceNode sequence) {
                ArrayNode array = JSON.arrayNode();
                sequence.getValue().forEach(item -> array.add(convert(item, depth + 1)));
                return array;
            }
            if (node instanceof MappingNode mapping) {
                return mapping(mapping, depth);
            }
            problem(node, "unsupported YAML node " + node.getNodeType());
            return JSON.nullNode();
        }

        private JsonNode mapping(MappingNode mapping, int depth) {
            ObjectNode object = JSON.objectNode();
            Map<String, Integer> seenAt = new HashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                    problem(tuple.getKeyNode(), "a key must be a plain name, not a list or a mapping");
                    continue;
                }
                String key = keyNode.getValue();
                Integer first = seenAt.putIfAbsent(key, lineOf(keyNode));
                if (first != null) {
                    problem(keyNode, "key '" + key + "' appears twice in the same mapping (first at line " + first
                            + ")");
                    continue;
                }
                object.set(key, convert(tuple.getValueNode(), depth + 1));
            }
            return object;
        }

        private JsonNode scalar(ScalarNode scalar) {
            Tag tag = scalar.getTag();
            String value = scalar.getValue();
            if (Tag.STR.equals(tag)) {
                return JSON.textNode(value);
            }
            if (Tag.BOOL.equals(tag)) {
                return JSON.booleanNode(Boolean.parseBoolean(value));
            }
            if (Tag.NULL.equals(tag)) {
                return JSON.nullNode();
            }
            try {
                if (Tag.INT.equals(tag)) {
                    BigInteger number = new BigInteger(value);
                    if (number.bitLength() < 32) {
                        return JSON.numberNode(number.intValue());
                    }
                    return number.bitLength() < 64 ? JSON.numberNode(number.longValue()) : JSON.numberNode(number);
                }
                if (Tag.FLOAT.equals(tag)) {
                    double number = Double.parseDouble(value);
                    if (Double.isFinite(number)) {
                        return JSON.numberNode(number);
                    }
                    problem(scalar, "number " + value + " is too large");
                    return JSON.nullNode();
                }
            } catch (NumberFormatException e) {
                problem(scalar, "'" + value + "' is not a number");
                return JSON.nullNode();
            }
            problem(scalar, "unsupported YAML tag " + tag.getValue() + "; policy files use plain values");
            return JSON.nullNode();
        }

        private void problem(Node node, String reason) {
            problems.add(new PolicyProblem(file, lineOf(node), reason));
        }
    }
}
