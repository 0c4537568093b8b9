package studio.brain.state;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import studio.brain.cloud.PaymentObject;
import studio.brain.state.DriftThresholds.Threshold;

/** Turns the text of {@code studio-metrics.yaml} into {@link StudioMetrics}, refusing anything it does not know. */
final class StudioMetricsParser {
    private static final Pattern KEY = Pattern.compile("(counts|ops|finance)\\.[A-Za-z][A-Za-z0-9]*");
    private static final Pattern COLLECTION = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+/[A-Za-z0-9_-]+)*");
    private static final Set<String> METRIC_FIELDS = Set.of("key", "source", "collection", "object", "window",
            "where", "sum");
    /** A payment metric lists every object of its window, so the window is kept to what a listing can bear. */
    private static final Duration MAX_WINDOW = Duration.ofDays(366);
    /** Each value costs up to four spellings in the queries; a list longer than this is a mistake. */
    private static final int MAX_VALUES = 50;

    private final Path file;
    private final YamlNodes yaml;

    StudioMetricsParser(Path file) {
        this.file = file;
        this.yaml = new YamlNodes(file);
    }

    StudioMetrics parse(String text) {
        Node document = yaml.parse(text);
        Map<String, Node> root = yaml.mapping(document, null, "the file");
        requireOnly(root, Set.of("schemaVersion", "metrics", "drift"), null, "the file");
        Node version = require(root, "schemaVersion", null, "the file", document);
        Object versionValue = yaml.scalar(version, null, "schemaVersion");
        if (!StudioMetrics.SCHEMA_VERSION.equals(String.valueOf(versionValue))) {
            throw yaml.error(YamlNodes.lineOf(version), null,
                    "schemaVersion must be \"" + StudioMetrics.SCHEMA_VERSION + "\", was " + versionValue);
        }
        Node metricsNode = require(root, "metrics", null, "the file", document);
        SequenceNode list = yaml.sequence(metricsNode, null, "metrics");
        if (list.getValue().isEmpty()) {
            throw yaml.error(YamlNodes.lineOf(list), null, "metrics must declare at least one metric");
        }
        List<MetricDefinition> metrics = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (Node node : list.getValue()) {
            MetricDefinition metric = metric(node);
            if (!keys.add(metric.key())) {
                throw yaml.error(YamlNodes.lineOf(node), metric.key(), "the key is declared twice");
            }
            metrics.add(metric);
        }
        DriftThresholds drift = drift(require(root, "drift", null, "the file", document), keys);
        return new StudioMetrics(metrics, drift);
    }

    // ---- metrics

    private MetricDefinition metric(Node node) {
        Map<String, Node> fields = yaml.mapping(node, YamlNodes.peekKey(node), "a metric");
        String key = yaml.text(require(fields, "key", null, "a metric", node), null, "key");
        if (!KEY.matcher(key).matches()) {
            throw yaml.error(YamlNodes.lineOf(fields.get("key")), key,
                    "the key must be counts.<name>, ops.<name> or finance.<name> (letters and digits)");
        }
        requireOnly(fields, METRIC_FIELDS, key, "a metric");
        MetricSource source = source(require(fields, "source", key, "the metric", node), key);
        List<Condition> conditions = fields.containsKey("where") ? conditions(fields.get("where"), key) : List.of();
        String sumField = fields.containsKey("sum") ? yaml.text(fields.get("sum"), key, "sum") : null;
        MetricDefinition metric = source == MetricSource.FIRESTORE
                ? documentMetric(key, fields, node, conditions, sumField)
                : paymentMetric(key, fields, node, conditions, sumField);
        int queries = source == MetricSource.FIRESTORE ? DocumentMetricRead.queriesOf(metric).size() : 1;
        if (queries > DocumentQueryPlan.MAX_QUERIES) {
            throw yaml.error(YamlNodes.lineOf(node), key, "its conditions would take " + queries
                    + " queries; at most " + DocumentQueryPlan.MAX_QUERIES + " are allowed");
        }
        return metric;
    }

    private MetricDefinition documentMetric(String key, Map<String, Node> fields, Node node,
                                            List<Condition> conditions, String sumField) {
        forbid(fields, key, "object", "a firestore metric reads a collection, not a payment object");
        forbid(fields, key, "window", "a firestore metric counts the whole collection and takes no window");
        Node collectionNode = require(fields, "collection", key, "a firestore metric", node);
        String collection = yaml.text(collectionNode, key, "collection");
        if (!COLLECTION.matcher(collection).matches()) {
            throw yaml.error(YamlNodes.lineOf(collectionNode), key, "collection '" + collection
                    + "' is not a collection path (letters, digits, _ and -, nested as parent/id/child)");
        }
        return new MetricDefinition(key, MetricSource.FIRESTORE, collection, null, null, conditions, sumField);
    }

    private MetricDefinition paymentMetric(String key, Map<String, Node> fields, Node node,
                                           List<Condition> conditions, String sumField) {
        forbid(fields, key, "collection", "a stripe metric reads a payment object, not a collection");
        Node objectNode = require(fields, "object", key, "a stripe metric", node);
        String objectName = yaml.text(objectNode, key, "object");
        PaymentObject object = Arrays.stream(PaymentObject.values())
                .filter(candidate -> candidate.pathSegment().equals(objectName))
                .findFirst()
                .orElseThrow(() -> yaml.error(YamlNodes.lineOf(objectNode), key, "unknown object '" + objectName
                        + "' (expected one of " + String.join(", ",
                        Arrays.stream(PaymentObject.values()).map(PaymentObject::pathSegment).toList()) + ")"));
        Node windowNode = require(fields, "window", key, "a stripe metric", node);
        String windowText = yaml.text(windowNode, key, "window");
        Duration window;
        try {
            window = Duration.parse(windowText);
        } catch (DateTimeParseException e) {
            throw yaml.error(YamlNodes.lineOf(windowNode), key,
                    "window '" + windowText + "' is not an ISO-8601 duration such as P30D or PT12H");
        }
        if (window.isNegative() || window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
            throw yaml.error(YamlNodes.lineOf(windowNode), key,
                    "window must be longer than zero and at most P366D, was " + windowText);
        }
        return new MetricDefinition(key, MetricSource.STRIPE, null, object, window, conditions, sumField);
    }

    private MetricSource source(Node node, String key) {
        String name = yaml.text(node, key, "source");
        return Arrays.stream(MetricSource.values())
                .filter(source -> source.yamlName().equals(name))
                .findFirst()
                .orElseThrow(() -> yaml.error(YamlNodes.lineOf(node), key,
                        "unknown source '" + name + "' (expected firestore or stripe)"));
    }

    // ---- conditions

    private List<Condition> conditions(Node node, String key) {
        SequenceNode list = yaml.sequence(node, key, "where");
        List<Condition> conditions = new ArrayList<>();
        for (Node item : list.getValue()) {
            conditions.add(condition(item, key));
        }
        if (conditions.stream().filter(Condition::negative).count() > 1) {
            throw yaml.error(YamlNodes.lineOf(node), key, "at most one notIn or notStartsWith condition is allowed"
                    + " per metric (each is counted as all records minus its positive form)");
        }
        return conditions;
    }

    private Condition condition(Node node, String key) {
        Map<String, Node> entries = new LinkedHashMap<>(yaml.mapping(node, key, "a condition"));
        Node fieldNode = entries.remove("field");
        if (fieldNode == null) {
            throw yaml.error(YamlNodes.lineOf(node), key, "a condition needs a 'field'");
        }
        String field = yaml.text(fieldNode, key, "field");
        if (entries.size() != 1) {
            throw yaml.error(YamlNodes.lineOf(node), key, "the condition on '" + field
                    + "' must have exactly one of " + ConditionType.yamlNames() + ", has " + entries.keySet());
        }
        Map.Entry<String, Node> entry = entries.entrySet().iterator().next();
        Node valueNode = entry.getValue();
        ConditionType type = ConditionType.byYamlName(entry.getKey())
                .orElseThrow(() -> yaml.error(YamlNodes.lineOf(node), key, "unknown condition '" + entry.getKey()
                        + "' on '" + field + "' (expected one of " + ConditionType.yamlNames() + ")"));
        List<Object> values = switch (type) {
            case IN, NOT_IN -> valueList(valueNode, key, field, type);
            case EQUALS -> List.of(yaml.scalar(valueNode, key, "the value of equals on '" + field + "'"));
            case STARTS_WITH, NOT_STARTS_WITH ->
                    List.of(yaml.text(valueNode, key, "the prefix of " + type.yamlName() + " on '" + field + "'"));
        };
        return new Condition(field, type, values);
    }

    private List<Object> valueList(Node node, String key, String field, ConditionType type) {
        String what = type.yamlName() + " on '" + field + "'";
        SequenceNode list = yaml.sequence(node, key, what);
        if (list.getValue().isEmpty()) {
            throw yaml.error(YamlNodes.lineOf(node), key, what + " needs at least one value");
        }
        if (list.getValue().size() > MAX_VALUES) {
            throw yaml.error(YamlNodes.lineOf(node), key, what + " has " + list.getValue().size()
                    + " values; at most " + MAX_VALUES + " are allowed");
        }
        List<Object> values = new ArrayList<>();
        for (Node item : list.getValue()) {
            values.add(yaml.scalar(item, key, "a value of " + what));
        }
        return values;
    }

    // ---- drift

    private DriftThresholds drift(Node node, Set<String> metricKeys) {
        Map<String, Node> fields = yaml.mapping(node, null, "drift");
        requireOnly(fields, Set.of("cloudSummary", "thresholds", "dayOverDay"), null, "drift");
        Node summaryNode = require(fields, "cloudSummary", null, "drift", node);
        String cloudSummary = yaml.text(summaryNode, null, "drift.cloudSummary");
        if (!cloudSummary.contains(DriftThresholds.DATE_PLACEHOLDER) || cloudSummary.split("/").length % 2 != 0) {
            throw yaml.error(YamlNodes.lineOf(summaryNode), null, "drift.cloudSummary must be a document path"
                    + " (collection/id) holding " + DriftThresholds.DATE_PLACEHOLDER + ", was " + cloudSummary);
        }
        Node thresholdsNode = require(fields, "thresholds", null, "drift", node);
        Map<String, Node> thresholds = yaml.mapping(thresholdsNode, null, "drift.thresholds");
        Threshold defaults = threshold(require(thresholds, "default", null, "drift.thresholds", thresholdsNode),
                null, "drift.thresholds.default");
        Map<String, Threshold> perMetric = new LinkedHashMap<>();
        for (Map.Entry<String, Node> entry : thresholds.entrySet()) {
            if (entry.getKey().equals("default")) {
                continue;
            }
            if (!metricKeys.contains(entry.getKey())) {
                throw yaml.error(YamlNodes.lineOf(entry.getValue()), entry.getKey(),
                        "drift.thresholds names a metric that is not declared");
            }
            perMetric.put(entry.getKey(), threshold(entry.getValue(), entry.getKey(), "its drift threshold"));
        }
        Threshold dayOverDay = threshold(require(fields, "dayOverDay", null, "drift", node), null, "drift.dayOverDay");
        return new DriftThresholds(cloudSummary, defaults, perMetric, dayOverDay);
    }

    private Threshold threshold(Node node, String key, String what) {
        Map<String, Node> fields = yaml.mapping(node, key, what);
        requireOnly(fields, Set.of("absolute", "ratio"), key, what);
        Object absolute = yaml.scalar(require(fields, "absolute", key, what, node), key, what + ".absolute");
        Object ratio = yaml.scalar(require(fields, "ratio", key, what, node), key, what + ".ratio");
        if (!(absolute instanceof Long absoluteValue) || absoluteValue < 0) {
            throw yaml.error(YamlNodes.lineOf(fields.get("absolute")), key,
                    what + ".absolute must be a whole number >= 0, was " + absolute);
        }
        if (!(ratio instanceof Number ratioValue) || ratioValue.doubleValue() < 0
                || !Double.isFinite(ratioValue.doubleValue())) {
            throw yaml.error(YamlNodes.lineOf(fields.get("ratio")), key, what + ".ratio must be a number >= 0, was "
                    + ratio);
        }
        return new Threshold(absoluteValue, ratioValue.doubleValue());
    }

    // ---- shape

    private Node require(Map<String, Node> fields, String name, String key, String what, Node owner) {
        Node node = fields.get(name);
        if (node == null) {
            throw yaml.error(YamlNodes.lineOf(owner), key, what + " needs '" + name + "'");
        }
        return node;
    }

    private void requireOnly(Map<String, Node> fields, Set<String> known, String key, String what) {
        for (String name : fields.keySet()) {
            if (!known.contains(name)) {
                throw yaml.error(YamlNodes.lineOf(fields.get(name)), key, what + " has an unknown field '" + name
                        + "' (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private void forbid(Map<String, Node> fields, String key, String name, String reason) {
        if (fields.containsKey(name)) {
            throw yaml.error(YamlNodes.lineOf(fields.get(name)), key, "'" + name + "' does not apply: " + reason);
        }
    }
}
