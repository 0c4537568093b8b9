package studio.brain.intake.triage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * The triage rule set of {@code policies/triage-rules.yaml} (the file's header describes its shape). Loading checks
 * the whole file and refuses it with a {@link TriageRulesException} naming the file, line and reason.
 */
public final class TriageRules {
    public static final String FILE_NAME = "triage-rules.yaml";
    /** The categories, in the order a tie is broken. */
    public static final List<String> CATEGORIES = List.of("safety", "harassment_hate", "copyright", "spam",
            "broken_link", "incorrect_info", "other");
    public static final String OTHER = "other";
    /** Severities from lowest to highest. */
    public static final List<String> SEVERITIES = List.of("low", "medium", "high");

    private static final Pattern REASON_CODE = Pattern.compile("triage_[a-z][a-z0-9_]*");
    private static final Pattern RULE_ID = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");
    private static final double MAX_WEIGHT = 10;
    private static final int MAX_PHRASES = 200;

    /** One weighted rule: it fires when any of its phrases occurs (and the target type fits, when it names some). */
    record Rule(String id, double weight, List<TriageText.Phrase> phrases, Set<String> targetTypes,
            String atLeast) {

        boolean firesOn(String targetType, List<String> words) {
            if (!targetTypes.isEmpty() && !targetTypes.contains(targetType)) {
                return false;
            }
            return phrases.stream().anyMatch(phrase -> phrase.occursIn(words));
        }
    }

    record Category(String name, String reasonCode, String severity, List<Rule> rules) {
    }

    record Confidence(double prior, double max, double none) {
    }

    private final String version;
    private final Confidence confidence;
    private final List<Rule> escalations;
    private final Map<String, Category> categories;

    private TriageRules(String version, Confidence confidence, List<Rule> escalations,
            Map<String, Category> categories) {
        this.version = version;
        this.confidence = confidence;
        this.escalations = List.copyOf(escalations);
        this.categories = categories;
    }

    /** Reads and checks a rule file. */
    public static TriageRules load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TriageRulesException(file, null, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        return parse(file, text);
    }

    /** Checks a rule file's text; {@code file} names it in errors. */
    public static TriageRules parse(Path file, String text) {
        return new Parser(file).parse(text);
    }

    /** The rule set's version, reported as the model version of each suggestion. */
    public String version() {
        return version;
    }

    /** The reason code of a category. */
    public String reasonCode(String category) {
        Category found = categories.get(category);
        if (found == null) {
            throw new IllegalArgumentException("unknown triage category: " + category);
        }
        return found.reasonCode();
    }

    Confidence confidence() {
        return confidence;
    }

    List<Rule> escalations() {
        return escalations;
    }

    /** In {@link #CATEGORIES} order. */
    List<Category> categories() {
        return CATEGORIES.stream().map(categories::get).toList();
    }

    private static final class Parser {
        private final Path file;
        private final Set<String> ruleIds = new HashSet<>();

        Parser(Path file) {
            this.file = file;
        }

        TriageRules parse(String text) {
            Node document;
            try {
                document = new Compose(LoadSettings.builder().setLabel(file.toString()).build())
                        .composeString(text)
                        .orElseThrow(() -> error(null, "the file is empty"));
            } catch (MarkedYamlEngineException e) {
                Integer line = e.getProblemMark().or(e::getContextMark).map(mark -> mark.getLine() + 1)
                        .orElse(null);
                throw error(line, "not valid YAML: " + e.getProblem());
            } catch (YamlEngineException e) {
                throw error(null, "not valid YAML");
            }
            Map<String, Node> root = mapping(document, "the file", Set.of("version", "confidence", "severity",
                    "categories"), Set.of("version", "confidence", "categories"));
            String version = text(root.get("version"), "version");
            Confidence confidence = confidence(root.get("confidence"));
            List<Rule> escalations = root.containsKey("severity") ? severity(root.get("severity")) : List.of();
            Map<String, Category> categories = categories(root.get("categories"));
            return new TriageRules(version, confidence, escalations, categories);
        }

        private Confidence confidence(Node node) {
            Map<String, Node> fields = mapping(node, "confidence", Set.of("prior", "max", "none"),
                    Set.of("prior", "max", "none"));
            double prior = number(fields.get("prior"), "confidence.prior");
            if (prior <= 0 || prior > 100) {
                throw error(lineOf(fields.get("prior")), "confidence.prior must be above 0 and at most 100");
            }
            double max = fraction(fields.get("max"), "confidence.max");
            double none = fraction(fields.get("none"), "confidence.none");
            if (none > max) {
                throw error(lineOf(fields.get("none")), "confidence.none must not exceed confidence.max");
            }
            return new Confidence(prior, max, none);
        }

        private List<Rule> severity(Node node) {
            Map<String, Node> fields = mapping(node, "severity", Set.of("escalate"), Set.of());
            if (!fields.containsKey("escalate")) {
                return List.of();
            }
            List<Rule> rules = new ArrayList<>();
            for (Node item : sequence(fields.get("escalate"), "severity.escalate").getValue()) {
                Map<String, Node> rule = mapping(item, "a severity rule", Set.of("id", "phrases", "atLeast"),
                        Set.of("id", "phrases", "atLeast"));
                String id = ruleId(rule.get("id"));
                String atLeast = severityName(rule.get("atLeast"), "rule " + id + ": atLeast");
                rules.add(new Rule(id, 0, phrases(rule.get("phrases"), id), Set.of(), atLeast));
            }
            return rules;
        }

        private Map<String, Category> categories(Node node) {
            Map<String, Node> entries = mapping(node, "categories", Set.copyOf(CATEGORIES), Set.copyOf(CATEGORIES));
            Map<String, Category> categories = new LinkedHashMap<>();
            Set<String> reasonCodes = new HashSet<>();
            for (Map.Entry<String, Node> entry : entries.entrySet()) {
                String name = entry.getKey();
                Map<String, Node> fields = mapping(entry.getValue(), "category " + name,
                        Set.of("reasonCode", "severity", "rules"), Set.of("reasonCode", "severity"));
                String reasonCode = text(fields.get("reasonCode"), "category " + name + ": reasonCode");
                if (!REASON_CODE.matcher(reasonCode).matches()) {
                    throw error(lineOf(fields.get("reasonCode")), "category " + name
                            + ": reasonCode must look like triage_<name> (lower case, digits, _)");
                }
                if (!reasonCodes.add(reasonCode)) {
                    throw error(lineOf(fields.get("reasonCode")), "category " + name + ": reasonCode "
                            + reasonCode + " is used by another category");
                }
                String severity = severityName(fields.get("severity"), "category " + name + ": severity");
                List<Rule> rules = fields.containsKey("rules") ? rules(fields.get("rules"), name) : List.of();
                if (name.equals(OTHER) && !rules.isEmpty()) {
                    throw error(lineOf(fields.get("rules")),
                            "category other has no rules: it is what a report gets when no rule fires");
                }
                if (!name.equals(OTHER) && rules.isEmpty()) {
                    throw error(lineOf(entry.getValue()), "category " + name + " needs at least one rule");
                }
                categories.put(name, new Category(name, reasonCode, severity, rules));
            }
            return categories;
        }

        private List<Rule> rules(Node node, String category) {
            List<Rule> rules = new ArrayList<>();
            for (Node item : sequence(node, "category " + category + ": rules").getValue()) {
                Map<String, Node> fields = mapping(item, "a rule of category " + category,
                        Set.of("id", "weight", "phrases", "targetTypes"), Set.of("id", "weight", "phrases"));
                String id = ruleId(fields.get("id"));
                double weight = number(fields.get("weight"), "rule " + id + ": weight");
                if (weight <= 0 || weight > MAX_WEIGHT) {
                    throw error(lineOf(fields.get("weight")), "rule " + id + ": weight must be above 0 and at most "
                            + (int) MAX_WEIGHT);
                }
                Set<String> targetTypes = new HashSet<>();
                if (fields.containsKey("targetTypes")) {
                    SequenceNode list = sequence(fields.get("targetTypes"), "rule " + id + ": targetTypes");
                    if (list.getValue().isEmpty()) {
                        throw error(lineOf(list), "rule " + id + ": targetTypes, when given, lists at least one");
                    }
                    for (Node type : list.getValue()) {
                        targetTypes.add(TriageText.normalize(text(type, "rule " + id + ": a target type")).strip());
                    }
                }
                rules.add(new Rule(id, weight, phrases(fields.get("phrases"), id), Set.copyOf(targetTypes), null));
            }
            return rules;
        }

        private List<TriageText.Phrase> phrases(Node node, String ruleId) {
            SequenceNode list = sequence(node, "rule " + ruleId + ": phrases");
            if (list.getValue().isEmpty() || list.getValue().size() > MAX_PHRASES) {
                throw error(lineOf(list), "rule " + ruleId + ": phrases must list 1 to " + MAX_PHRASES + " phrases");
            }
            List<TriageText.Phrase> phrases = new ArrayList<>();
            for (Node item : list.getValue()) {
                String text = text(item, "rule " + ruleId + ": a phrase");
                String stripped = text.strip();
                if (stripped.indexOf('*') >= 0 && stripped.indexOf('*') != stripped.length() - 1) {
                    throw error(lineOf(item), "rule " + ruleId + ": phrase '" + stripped
                            + "' may use * only at its very end");
                }
                TriageText.Phrase phrase = TriageText.Phrase.of(stripped);
                if (phrase.words().isEmpty()) {
                    throw error(lineOf(item), "rule " + ruleId + ": phrase '" + stripped
                            + "' has no letters or digits to match");
                }
                if (phrase.prefix() && !stripped.matches(".*[\\p{L}\\p{N}]\\*")) {
                    throw error(lineOf(item), "rule " + ruleId + ": phrase '" + stripped
                            + "' must have a letter or digit right before its *");
                }
                phrases.add(phrase);
            }
            return phrases;
        }

        private String ruleId(Node node) {
            String id = text(node, "a rule id");
            if (!RULE_ID.matcher(id).matches()) {
                throw error(lineOf(node), "rule id '" + id + "' must be lower-case words joined by dots");
            }
            if (!ruleIds.add(id)) {
                throw error(lineOf(node), "rule id " + id + " is used twice");
            }
            return id;
        }

        private String severityName(Node node, String what) {
            String value = text(node, what);
            if (!SEVERITIES.contains(value)) {
                throw error(lineOf(node), what + " must be one of " + String.join(", ", SEVERITIES) + ", was "
                        + value);
            }
            return value;
        }

        private double fraction(Node node, String what) {
            double value = number(node, what);
            if (value < 0 || value > 1) {
                throw error(lineOf(node), what + " must be between 0 and 1");
            }
            return value;
        }

        // ---- YAML nodes

        private Map<String, Node> mapping(Node node, String what, Set<String> allowed, Set<String> required) {
            if (!(node instanceof MappingNode mapping)) {
                throw error(lineOf(node), what + " must be a mapping");
            }
            Map<String, Node> entries = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                String key = text(tuple.getKeyNode(), "a key in " + what);
                if (!allowed.contains(key)) {
                    throw error(lineOf(tuple.getKeyNode()), what + ": unknown key '" + key + "' (allowed: "
                            + String.join(", ", allowed.stream().sorted().toList()) + ")");
                }
                if (entries.putIfAbsent(key, tuple.getValueNode()) != null) {
                    throw error(lineOf(tuple.getKeyNode()), what + " gives '" + key + "' twice");
                }
            }
            List<String> missing = required.stream().filter(key -> !entries.containsKey(key)).sorted().toList();
            if (!missing.isEmpty()) {
                throw error(lineOf(node), what + " is missing " + String.join(", ", missing));
            }
            return entries;
        }

        private SequenceNode sequence(Node node, String what) {
            if (!(node instanceof SequenceNode sequence)) {
                throw error(lineOf(node), what + " must be a list");
            }
            return sequence;
        }

        private String text(Node node, String what) {
            if (!(node instanceof ScalarNode scalar) || Tag.NULL.equals(scalar.getTag())
                    || scalar.getValue().isBlank()) {
                throw error(lineOf(node), what + " must be a non-empty text");
            }
            return scalar.getValue();
        }

        private double number(Node node, String what) {
            if (!(node instanceof ScalarNode scalar)
                    || !(Tag.INT.equals(scalar.getTag()) || Tag.FLOAT.equals(scalar.getTag()))) {
                throw error(lineOf(node), what + " must be a number");
            }
            try {
                double value = Double.parseDouble(scalar.getValue());
                if (!Double.isFinite(value)) {
                    throw error(lineOf(node), what + " must be a finite number");
                }
                return value;
            } catch (NumberFormatException e) {
                throw error(lineOf(node), what + " is not a usable number");
            }
        }

        private TriageRulesException error(Integer line, String reason) {
            return new TriageRulesException(file, line, reason);
        }

        private static Integer lineOf(Node node) {
            return node == null ? null : node.getStartMark().map(mark -> mark.getLine() + 1).orElse(null);
        }
    }

    @Override
    public String toString() {
        return "TriageRules[" + version + "]";
    }
}
