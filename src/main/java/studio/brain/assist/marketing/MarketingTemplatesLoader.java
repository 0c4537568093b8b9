package studio.brain.assist.marketing;

import java.nio.file.Path;
import studio.brain.assist.PolicyYamlReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads {@code policies/marketing-templates.yaml}. Every problem is collected and the file refused as a whole, each
 * problem with file, line, template and reason; a caller keeps the templates it had.
 */
public final class MarketingTemplatesLoader {
    public static final String FILE_NAME = "marketing-templates.yaml";
    /** The StudioState metrics (policies/studio-metrics.yaml) a template may use. */
    public static final Set<String> METRICS = Set.of("counts.batchesActive", "counts.batchesClosed",
            "counts.reservationsOpen", "counts.firingsScheduled", "counts.reportsOpen", "ops.agentRequestsPending",
            "ops.highSeverityReports", "finance.pendingOrders", "finance.unsettledPayments");
    public static final String SNAPSHOT_DATE = "snapshotDate";
    public static final Set<String> CHANNELS = Set.of("instagram", "newsletter", "website");
    static final int TITLE_MAX = 120;
    static final int BODY_MAX = 5000;
    static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9]*(?:-[a-z0-9]+)*");
    private static final Pattern CONDITION = Pattern.compile(
            "\\s*([A-Za-z][A-Za-z0-9]*\\.[A-Za-z][A-Za-z0-9]*)\\s*(<=|>=|==|!=|<|>)\\s*(-?\\d+(?:\\.\\d+)?)\\s*");
    private static final Set<String> TEMPLATE_FIELDS = Set.of("id", "channel", "title", "body", "when", "confidence");

    private MarketingTemplatesLoader() {
    }

    public static MarketingTemplates load(Path file) throws MarketingTemplatesException {
        List<MarketingTemplatesException.Problem> problems = new ArrayList<>();
        String text = PolicyYamlReader.read(file, MarketingTemplatesException.Problem::new, problems);
        if (text == null) {
            throw new MarketingTemplatesException(problems);
        }
        return parse(file, text);
    }

    public static MarketingTemplates parse(Path file, String text) throws MarketingTemplatesException {
        Reader reader = new Reader(file);
        Node root = reader.compose(text);
        if (!reader.problems().isEmpty()) {
            throw new MarketingTemplatesException(reader.problems());
        }
        if (!(root instanceof MappingNode mapping)) {
            reader.problem(root, null, "the file must be a mapping with 'version' and 'templates'");
            throw new MarketingTemplatesException(reader.problems());
        }
        Map<String, NodeTuple> top = reader.fields(mapping, null, Set.of("version", "templates"));
        String version = reader.string(top, "version", mapping, null, true);
        List<MarketingTemplate> templates = new ArrayList<>();
        NodeTuple entry = top.get("templates");
        if (entry == null) {
            reader.problem(mapping, null, "'templates' is missing");
        } else if (!(entry.getValueNode() instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
            reader.problem(entry.getKeyNode(), null, "'templates' must be a non-empty list");
        } else {
            Set<String> ids = new HashSet<>();
            for (Node item : sequence.getValue()) {
                MarketingTemplate template = reader.template(item);
                if (template != null && !ids.add(template.id())) {
                    reader.problem(item, template.id(), "template id '" + template.id() + "' appears twice");
                } else if (template != null) {
                    templates.add(template);
                }
            }
        }
        if (!reader.problems().isEmpty()) {
            throw new MarketingTemplatesException(reader.problems());
        }
        return new MarketingTemplates(version, templates);
    }

    /** The placeholder names in {@code text}, in order of first use. */
    static List<String> placeholders(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return List.copyOf(names);
    }

    private static final class Reader extends PolicyYamlReader<MarketingTemplatesException.Problem> {
        Reader(Path file) {
            super(file, MarketingTemplatesException.Problem::new);
        }

        MarketingTemplate template(Node item) {
            if (!(item instanceof MappingNode mapping)) {
                problem(item, null, "a template must be a mapping");
                return null;
            }
            String id = null;
            for (NodeTuple t : mapping.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("id")
                        && t.getValueNode() instanceof ScalarNode v) {
                    id = v.getValue();
                }
            }
            int before = problems.size();
            Map<String, NodeTuple> fields = fields(mapping, id, TEMPLATE_FIELDS);
            id = string(fields, "id", mapping, null, true);
            if (id != null && !ID.matcher(id).matches()) {
                problem(fields.get("id").getValueNode(), id, "'id' must be lower-case words joined by '-'");
            }
            String channel = string(fields, "channel", mapping, id, true);
            if (channel != null && !CHANNELS.contains(channel)) {
                problem(fields.get("channel").getValueNode(), id, "'channel' must be one of instagram, newsletter, "
                        + "website, not '" + channel + "'");
            }
            String title = string(fields, "title", mapping, id, true);
            String body = string(fields, "body", mapping, id, true);
            String confidence = string(fields, "confidence", mapping, id, true);
            checkPlaceholders(fields, "title", title, id);
            checkPlaceholders(fields, "body", body, id);
            if (title != null && title.length() > TITLE_MAX) {
                problem(fields.get("title").getValueNode(), id, "'title' is longer than " + TITLE_MAX
                        + " characters");
            }
            if (body != null && body.length() > BODY_MAX) {
                problem(fields.get("body").getValueNode(), id, "'body' is longer than " + BODY_MAX + " characters");
            }
            List<MarketingTemplate.Condition> when = conditions(fields.get("when"), id);
            if (problems.size() > before) {
                return null;
            }
            return new MarketingTemplate(id, channel, title, body, when, confidence,
                    mapping.getStartMark().map(m -> m.getLine() + 1).orElse(0));
        }

        private void checkPlaceholders(Map<String, NodeTuple> fields, String name, String text, String id) {
            if (text == null) {
                return;
            }
            for (String placeholder : placeholders(text)) {
                if (!placeholder.equals(SNAPSHOT_DATE) && !METRICS.contains(placeholder)) {
                    problem(fields.get(name).getValueNode(), id, "unknown placeholder {" + placeholder + "} in '"
                            + name + "' (known: {snapshotDate} and the StudioState metrics such as "
                            + "{counts.firingsScheduled})");
                }
            }
        }

        private List<MarketingTemplate.Condition> conditions(NodeTuple entry, String id) {
            List<MarketingTemplate.Condition> conditions = new ArrayList<>();
            if (entry == null) {
                return conditions;
            }
            List<Node> items = new ArrayList<>();
            if (entry.getValueNode() instanceof ScalarNode s) {
                items.add(s);
            } else if (entry.getValueNode() instanceof SequenceNode seq) {
                items.addAll(seq.getValue());
            } else {
                problem(entry.getKeyNode(), id, "'when' must be a condition or a list of conditions");
                return conditions;
            }
            for (Node node : items) {
                Matcher m = node instanceof ScalarNode s ? CONDITION.matcher(s.getValue()) : null;
                if (m == null || !m.matches()) {
                    problem(node, id, "a 'when' condition must read '<metric> <op> <number>' with op one of "
                            + "< <= > >= == != (e.g. 'counts.firingsScheduled < 6')");
                } else if (!METRICS.contains(m.group(1))) {
                    problem(node, id, "unknown metric '" + m.group(1) + "' in 'when'");
                } else {
                    conditions.add(new MarketingTemplate.Condition(m.group(1), m.group(2),
                            Double.parseDouble(m.group(3))));
                }
            }
            return conditions;
        }
    }
}
