package studio.brain.scorecard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import studio.brain.gate.capability.PolicyFileException;
import studio.brain.gate.capability.PolicyProblem;

/**
 * The scorecard file as a JSON tree for its schema, keeping each node's line so a problem points at it. Scalars
 * follow YAML 1.2's JSON schema (plain true/false/null and JSON-style numbers; anything else, or quoted, is text);
 * a key given twice is refused rather than silently replaced.
 */
final class ScorecardYaml {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]{0,17})");
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

    private final Node root;
    private final JsonNode json;

    private ScorecardYaml(Node root, JsonNode json) {
        this.root = root;
        this.json = json;
    }

    static ScorecardYaml parse(Path file, String text) throws PolicyFileException {
        Node root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(file.toString()).build()).composeString(text)
                    .orElse(null);
        } catch (MarkedYamlEngineException e) {
            Integer line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(null);
            throw refused(file, line, "not valid YAML: " + (e.getProblem() == null ? "unreadable" : e.getProblem()));
        } catch (YamlEngineException e) {
            throw refused(file, null, "not valid YAML");
        }
        if (root == null) {
            throw refused(file, null, "the file is empty");
        }
        List<PolicyProblem> problems = new ArrayList<>();
        JsonNode json = convert(file, root, problems, 0);
        if (!problems.isEmpty()) {
            throw new PolicyFileException(file, problems);
        }
        return new ScorecardYaml(root, json);
    }

    JsonNode json() {
        return json;
    }

    /** The line of the node at this path (names and indexes), or of its deepest ancestor that exists. */
    int lineOf(List<Object> path) {
        Node node = root;
        int line = line(root);
        for (Object step : path) {
            Node next = null;
            if (node instanceof MappingNode mapping && step instanceof String key) {
                for (NodeTuple tuple : mapping.getValue()) {
                    if (tuple.getKeyNode() instanceof ScalarNode s && s.getValue().equals(key)) {
                        line = line(tuple.getKeyNode());
                        next = tuple.getValueNode();
                    }
                }
            } else if (node instanceof SequenceNode sequence && step instanceof Integer index
                    && index >= 0 && index < sequence.getValue().size()) {
                next = sequence.getValue().get(index);
                line = line(next);
            }
            if (next == null) {
                break;
            }
            node = next;
        }
        return line;
    }

    private static JsonNode convert(Path file, Node node, List<PolicyProblem> problems, int depth) {
        if (depth > 16) {
            problems.add(new PolicyProblem(file, line(node), "nested too deeply"));
            return JSON.nullNode();
        }
        if (node instanceof MappingNode mapping) {
            ObjectNode object = JSON.objectNode();
            for (NodeTuple tuple : mapping.getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                    problems.add(new PolicyProblem(file, line(tuple.getKeyNode()), "a key must be a plain name"));
                } else if (object.has(key.getValue())) {
                    problems.add(new PolicyProblem(file, line(key), "'" + key.getValue() + "' appears twice"));
                } else {
                    object.set(key.getValue(), convert(file, tuple.getValueNode(), problems, depth + 1));
                }
            }
            return object;
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = JSON.arrayNode();
            sequence.getValue().forEach(item -> array.add(convert(file, item, problems, depth + 1)));
            return array;
        }
        ScalarNode scalar = (ScalarNode) node;
        String value = scalar.getValue();
        if (!scalar.isPlain()) {
            return JSON.textNode(value);
        }
        if (value.equals("true") || value.equals("false")) {
            return JSON.booleanNode(Boolean.parseBoolean(value));
        }
        if (value.equals("null") || value.equals("~") || value.isEmpty()) {
            return JSON.nullNode();
        }
        if (INTEGER.matcher(value).matches()) {
            return JSON.numberNode(Long.parseLong(value));
        }
        if (NUMBER.matcher(value).matches()) {
            return JSON.numberNode(new BigDecimal(value));
        }
        return JSON.textNode(value);
    }

    private static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(1);
    }

    static PolicyFileException refused(Path file, Integer line, String reason) {
        return new PolicyFileException(file, List.of(new PolicyProblem(file, line, reason)));
    }
}
