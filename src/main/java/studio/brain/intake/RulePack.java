package studio.brain.intake;

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
 * The intake rules of {@code policies/intake-rules.yaml} (the file's header describes the format), checked as a
 * whole when loaded: a problem is refused with a {@link RulePackException} naming the file, line, rule and reason.
 * Phrases are normalized with the same {@link TextNormalizer} as the requests, so a rule may be written with capitals
 * or accents ({@code "Louis Vuitton"}, {@code "contrefaçon"}). Immutable and thread-safe.
 */
public final class RulePack {
    public static final String FILE_NAME = "intake-rules.yaml";
    /** The categories a rule file may declare, in the order used to break a tie between equal scores. */
    public static final List<String> CATEGORIES = List.of("illegal_content", "weaponization", "ip_infringement",
            "fraud_risk");

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    private static final Pattern LIST_NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final int MAX_WINDOW = 50;

    /** One category: its threshold and rules, in file order. */
    record Category(String name, double threshold, List<Rule> rules) {
        Category {
            rules = List.copyOf(rules);
        }
    }

    private final String version;
    private final List<Category> categories;
    private final Set<String> vocabulary;

    private RulePack(String version, List<Category> categories, Set<String> vocabulary) {
        this.version = version;
        this.categories = List.copyOf(categories);
        this.vocabulary = Set.copyOf(vocabulary);
    }

    public static RulePack load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RulePackException(file, null, null, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        return parse(file, text);
    }

    /** Parses the text of a rule file; {@code file} names it in errors. */
    public static RulePack parse(Path file, String text) {
        return new Parser(file).pack(text);
    }

    /** The {@code version} of the file, recorded with every classification. */
    public String version() {
        return version;
    }

    /** The declared categories, in file order. */
    public List<String> categoryNames() {
        return categories.stream().map(Category::name).toList();
    }

    /** The threshold of a declared category. */
    public double threshold(String category) {
        return categories.stream().filter(c -> c.name().equals(category)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no category " + category)).threshold();
    }

    /** How many rules the file holds. */
    public int ruleCount() {
        return categories.stream().mapToInt(c -> c.rules().size()).sum();
    }

    List<Category> categories() {
        return categories;
    }

    /** Every word the rules spell out, which the normalizer uses to re-join cut and spaced-out words. */
    Set<String> vocabulary() {
        return vocabulary;
    }

    private static final class Parser {
        private final Path file;
        private final TextNormalizer plain = new TextNormalizer();
        private final Map<String, Phrase.OneOf> lists = new LinkedHashMap<>();
        private final Set<String> vocabulary = new HashSet<>();

        Parser(Path file) {
            this.file = file;
        }

        RulePack pack(String text) {
            Node root;
            try {
                root = new Compose(LoadSettings.builder().setLabel(file.toString()).build()).composeString(text)
                        .orElseThrow(() -> error(null, null, "the file is empty"));
            } catch (MarkedYamlEngineException e) {
                Integer line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(null);
                throw error(line, null, "not valid YAML: " + e.getProblem());
            } catch (YamlEngineException e) {
                throw error(null, null, "not valid YAML");
            }
            Map<String, Node> top = mapping(root, null, "the file", Set.of("version", "lists", "categories"));
            String version = text(require(top, "version", root, null, "the file"), null, "version");
            if (top.containsKey("lists")) {
                for (Map.Entry<String, Node> list : mapping(top.get("lists"), null, "lists", null).entrySet()) {
                    if (!LIST_NAME.matcher(list.getKey()).matches()) {
                        throw error(line(list.getValue()), null, "list name '" + list.getKey()
                                + "' must be lower-case letters, digits and _");
                    }
                    SequenceNode entries = sequence(list.getValue(), null, "list " + list.getKey());
                    List<Phrase> choices = new ArrayList<>();
                    for (Node entry : entries.getValue()) {
                        choices.add(phrase(entry, null, "an entry of list " + list.getKey(), false));
                    }
                    if (choices.isEmpty()) {
                        throw error(line(list.getValue()), null, "list " + list.getKey() + " is empty");
                    }
                    lists.put(list.getKey(), new Phrase.OneOf(choices));
                }
            }
            Node categoriesNode = require(top, "categories", root, null, "the file");
            List<Category> categories = new ArrayList<>();
            for (Map.Entry<String, Node> entry : mapping(categoriesNode, null, "categories", null).entrySet()) {
                categories.add(category(entry.getKey(), entry.getValue()));
            }
            if (categories.isEmpty()) {
                throw error(line(categoriesNode), null, "categories declares none");
            }
            return new RulePack(version, categories, vocabulary);
        }

        private Category category(String name, Node node) {
            if (!CATEGORIES.contains(name)) {
                throw error(line(node), name, "unknown category '" + name + "'; expected one of " + CATEGORIES);
            }
            Map<String, Node> fields = mapping(node, name, "category " + name, Set.of("threshold", "rules"));
            double threshold = fraction(require(fields, "threshold", node, name, "category " + name), name,
                    "threshold");
            SequenceNode rulesNode = sequence(require(fields, "rules", node, name, "category " + name), name, "rules");
            List<Rule> rules = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (Node ruleNode : rulesNode.getValue()) {
                Rule rule = rule(name, ruleNode);
                if (!ids.add(rule.id())) {
                    throw error(line(ruleNode), name + "/" + rule.id(), "id given twice in category " + name);
                }
                rules.add(rule);
            }
            if (rules.isEmpty()) {
                throw error(line(rulesNode), name, "category " + name + " has no rules");
            }
            return new Category(name, threshold, rules);
        }

        private Rule rule(String category, Node node) {
            Map<String, Node> fields = mapping(node, category, "a rule",
                    Set.of("id", "phrase", "all", "within", "weight", "unless", "unlessWithin"));
            String id = text(require(fields, "id", node, category, "a rule"), category, "id");
            String where = category + "/" + id;
            if (!ID.matcher(id).matches()) {
                throw error(line(fields.get("id")), where, "id must be lower-case letters, digits, - and _");
            }
            double weight = fraction(require(fields, "weight", node, where, "the rule"), where, "weight");
            boolean hasPhrase = fields.containsKey("phrase");
            boolean hasAll = fields.containsKey("all");
            if (hasPhrase == hasAll) {
                throw error(line(node), where, "give exactly one of 'phrase' or 'all'");
            }
            Phrase phrase = null;
            List<Phrase> all = List.of();
            int within = 0;
            if (hasPhrase) {
                Node phraseNode = fields.get("phrase");
                phrase = phraseNode instanceof SequenceNode choices ? choice(choices, where)
                        : phrase(phraseNode, where, "phrase", true);
                if (fields.containsKey("within")) {
                    throw error(line(fields.get("within")), where, "'within' belongs to an 'all' rule");
                }
            } else {
                SequenceNode items = sequence(fields.get("all"), where, "all");
                all = new ArrayList<>();
                for (Node item : items.getValue()) {
                    all.add(item instanceof SequenceNode choices ? choice(choices, where) : phrase(item, where,
                            "an item of all", true));
                }
                if (all.size() < 2) {
                    throw error(line(items), where, "'all' needs at least two items (use 'phrase' for one)");
                }
                within = integer(require(fields, "within", node, where, "an 'all' rule"), where, "within");
                int shortest = all.size();
                if (within < shortest || within > MAX_WINDOW) {
                    throw error(line(fields.get("within")), where, "within must be between " + shortest + " and "
                            + MAX_WINDOW + ", got " + within);
                }
            }
            List<Phrase> unless = new ArrayList<>();
            if (fields.containsKey("unless")) {
                for (Node entry : sequence(fields.get("unless"), where, "unless").getValue()) {
                    unless.add(phrase(entry, where, "an unless phrase", true));
                }
            }
            int unlessWithin = 0;
            if (fields.containsKey("unlessWithin")) {
                unlessWithin = integer(fields.get("unlessWithin"), where, "unlessWithin");
                if (unlessWithin < 0 || unlessWithin > MAX_WINDOW) {
                    throw error(line(fields.get("unlessWithin")), where, "unlessWithin must be between 0 and "
                            + MAX_WINDOW + ", got " + unlessWithin);
                }
                if (unless.isEmpty()) {
                    throw error(line(fields.get("unlessWithin")), where, "unlessWithin without unless");
                }
            }
            return new Rule(id, weight, phrase, all, within, unless, unlessWithin);
        }

        private Phrase choice(SequenceNode node, String where) {
            List<Phrase> choices = new ArrayList<>();
            for (Node entry : node.getValue()) {
                choices.add(phrase(entry, where, "a choice", true));
            }
            if (choices.isEmpty()) {
                throw error(line(node), where, "a list of choices is empty");
            }
            return new Phrase(List.of(new Phrase.OneOf(choices)));
        }

        /** A phrase: words separated by spaces; {@code *} any one word, {@code word*} a prefix, {@code @list}. */
        private Phrase phrase(Node node, String where, String what, boolean listsAllowed) {
            String text = text(node, where, what);
            List<Phrase.Element> elements = new ArrayList<>();
            for (String raw : text.trim().split("\\s+")) {
                if (raw.equals("*")) {
                    elements.add(new Phrase.AnyWord());
                } else if (raw.startsWith("@")) {
                    if (!listsAllowed) {
                        throw error(line(node), where, what + " '" + text + "' refers to a list inside a list");
                    }
                    Phrase.OneOf list = lists.get(raw.substring(1));
                    if (list == null) {
                        throw error(line(node), where, what + " '" + text + "' refers to the unknown list " + raw);
                    }
                    elements.add(list);
                } else if (raw.endsWith("*")) {
                    List<String> stem = plain.normalize(raw.substring(0, raw.length() - 1));
                    if (stem.size() != 1 || stem.get(0).length() < 3) {
                        throw error(line(node), where, what + " '" + text + "': the prefix " + raw
                                + " must be one word of three letters or more");
                    }
                    vocabulary.add(stem.get(0));
                    elements.add(new Phrase.Prefix(stem.get(0)));
                } else {
                    for (String word : plain.normalize(raw)) {
                        vocabulary.add(word);
                        elements.add(new Phrase.Word(word));
                    }
                }
            }
            if (elements.isEmpty() || elements.stream().allMatch(e -> e instanceof Phrase.AnyWord)) {
                throw error(line(node), where, what + " '" + text + "' has no words");
            }
            return new Phrase(elements);
        }

        private Map<String, Node> mapping(Node node, String where, String what, Set<String> allowed) {
            if (!(node instanceof MappingNode mapping)) {
                throw error(line(node), where, what + " must be a mapping");
            }
            Map<String, Node> entries = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                String key = text(tuple.getKeyNode(), where, "a key of " + what);
                if (allowed != null && !allowed.contains(key)) {
                    throw error(line(tuple.getKeyNode()), where, what + " has the unknown key '" + key
                            + "'; expected " + allowed.stream().sorted().toList());
                }
                if (entries.putIfAbsent(key, tuple.getValueNode()) != null) {
                    throw error(line(tuple.getKeyNode()), where, what + " gives '" + key + "' twice");
                }
            }
            return entries;
        }

        private Node require(Map<String, Node> fields, String key, Node parent, String where, String what) {
            Node node = fields.get(key);
            if (node == null) {
                throw error(line(parent), where, what + " lacks '" + key + "'");
            }
            return node;
        }

        private SequenceNode sequence(Node node, String where, String what) {
            if (!(node instanceof SequenceNode sequence)) {
                throw error(line(node), where, what + " must be a list");
            }
            return sequence;
        }

        private String text(Node node, String where, String what) {
            if (!(node instanceof ScalarNode scalar) || Tag.NULL.equals(scalar.getTag())
                    || scalar.getValue().isBlank()) {
                throw error(line(node), where, what + " must be a non-empty text");
            }
            return scalar.getValue();
        }

        private double fraction(Node node, String where, String what) {
            double value;
            try {
                value = Double.parseDouble(text(node, where, what));
            } catch (NumberFormatException e) {
                throw error(line(node), where, what + " must be a number, got '" + ((ScalarNode) node).getValue()
                        + "'");
            }
            if (!(value > 0 && value <= 1)) {
                throw error(line(node), where, what + " must be in (0, 1], got " + value);
            }
            return value;
        }

        private int integer(Node node, String where, String what) {
            try {
                return Integer.parseInt(text(node, where, what));
            } catch (NumberFormatException e) {
                throw error(line(node), where, what + " must be a whole number, got '"
                        + ((ScalarNode) node).getValue() + "'");
            }
        }

        private RulePackException error(Integer line, String where, String reason) {
            return new RulePackException(file, line, where, reason);
        }

        private static Integer line(Node node) {
            return node == null ? null : node.getStartMark().map(mark -> mark.getLine() + 1).orElse(null);
        }
    }
}
