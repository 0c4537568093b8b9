package studio.brain.assist.anomaly;

import java.nio.file.Path;
import studio.brain.assist.PolicyYamlReader;
import java.time.Duration;
import java.time.format.DateTimeParseException;
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
 * Reads {@code policies/anomaly-rules.yaml}. Every problem is collected and the file refused as a whole, each
 * problem with file, line, rule and reason; a caller keeps the rules it had.
 */
public final class AnomalyRulesLoader {
    public static final String FILE_NAME = "anomaly-rules.yaml";
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*");
    private static final Pattern METRIC = Pattern.compile("(counts|ops|finance)\\.[A-Za-z][A-Za-z0-9]*");
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)([mhd])");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");
    private static final Set<String> COMMON_FIELDS = Set.of("id", "kind", "severity", "cooldown",
            "suppressAfterDismissal", "group", "title", "rationale", "recommendation", "threshold");
    private static final Set<String> METRIC_PLACEHOLDERS = Set.of("value", "threshold", "median", "spread", "bound",
            "n", "window", "k", "metric");
    private static final Set<String> BASELINE_FIELDS = Set.of("window", "k", "minHistory", "minSpread", "whenShort");

    private AnomalyRulesLoader() {
    }

    public static AnomalyRules load(Path file) throws AnomalyRulesException {
        List<AnomalyRulesException.Problem> problems = new ArrayList<>();
        String text = PolicyYamlReader.read(file, AnomalyRulesException.Problem::new, problems);
        if (text == null) {
            throw new AnomalyRulesException(problems);
        }
        return parse(file, text);
    }

    public static AnomalyRules parse(Path file, String text) throws AnomalyRulesException {
        Reader reader = new Reader(file);
        Node root = reader.compose(text);
        if (!reader.problems().isEmpty()) {
            throw new AnomalyRulesException(reader.problems());
        }
        if (!(root instanceof MappingNode mapping)) {
            reader.problem(root, null, "the file must be a mapping with 'version' and 'rules'");
            throw new AnomalyRulesException(reader.problems());
        }
        Map<String, NodeTuple> top = reader.fields(mapping, null, Set.of("version", "rules"));
        String version = reader.string(top, "version", mapping, null, true);
        List<AnomalyRule> rules = new ArrayList<>();
        NodeTuple rulesEntry = top.get("rules");
        if (rulesEntry == null) {
            reader.problem(mapping, null, "'rules' is missing");
        } else if (!(rulesEntry.getValueNode() instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
            reader.problem(rulesEntry.getKeyNode(), null, "'rules' must be a non-empty list");
        } else {
            Set<String> ids = new HashSet<>();
            for (Node item : sequence.getValue()) {
                AnomalyRule rule = reader.rule(item);
                if (rule != null && !ids.add(rule.id())) {
                    reader.problem(item, rule.id(), "rule id '" + rule.id() + "' appears twice");
                } else if (rule != null) {
                    rules.add(rule);
                }
            }
        }
        if (!reader.problems().isEmpty()) {
            throw new AnomalyRulesException(reader.problems());
        }
        return new AnomalyRules(version, rules);
    }

    /** Parses {@code 30m}, {@code 12h}, {@code 7d} or an ISO-8601 duration ({@code PT36H}). */
    static Duration duration(String text) {
        Matcher m = SHORT_DURATION.matcher(text);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        return Duration.parse(text);
    }

    private static final class Reader extends PolicyYamlReader<AnomalyRulesException.Problem> {
        Reader(Path file) {
            super(file, AnomalyRulesException.Problem::new);
        }

        Double number(Map<String, NodeTuple> fields, String name, Node owner, String ruleId, Double fallback,
                      double min) {
            NodeTuple t = fields.get(name);
            if (t == null) {
                if (fallback == null) {
                    problem(owner, ruleId, "'" + name + "' is missing");
                }
                return fallback;
            }
            if (t.getValueNode() instanceof ScalarNode s) {
                try {
                    double v = Double.parseDouble(s.getValue());
                    if (Double.isFinite(v) && v >= min) {
                        return v;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
            problem(t.getKeyNode(), ruleId, "'" + name + "' must be a number ≥ " + min);
            return fallback;
        }

        Duration duration(Map<String, NodeTuple> fields, String name, Node owner, String ruleId, boolean required) {
            String text = string(fields, name, owner, ruleId, required);
            if (text == null) {
                return null;
            }
            try {
                Duration d = AnomalyRulesLoader.duration(text);
                if (!d.isNegative() && !d.isZero()) {
                    return d;
                }
            } catch (DateTimeParseException e) {
                // reported below
            }
            problem(fields.get(name).getKeyNode(), ruleId, "'" + name + "' must be a positive duration such as 30m, "
                    + "12h, 7d or PT36H, not '" + text + "'");
            return null;
        }

        List<String> strings(Map<String, NodeTuple> fields, String name, String ruleId) {
            NodeTuple t = fields.get(name);
            if (t == null) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            if (t.getValueNode() instanceof SequenceNode seq) {
                for (Node n : seq.getValue()) {
                    if (n instanceof ScalarNode s && !s.getValue().isBlank()) {
                        out.add(s.getValue().trim());
                    } else {
                        problem(n, ruleId, "'" + name + "' must list plain texts");
                    }
                }
            } else {
                problem(t.getKeyNode(), ruleId, "'" + name + "' must be a list");
            }
            return out;
        }

        AnomalyRule rule(Node item) {
            if (!(item instanceof MappingNode mapping)) {
                problem(item, null, "each rule must be a mapping");
                return null;
            }
            int before = problems.size();
            String id = null;
            for (NodeTuple t : mapping.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("id")
                        && t.getValueNode() instanceof ScalarNode v) {
                    id = v.getValue();
                }
            }
            if (id == null || !ID.matcher(id).matches()) {
                problem(item, id, "'id' must be lower-case words joined by '.' or '-'");
            }
            String kindText = null;
            for (NodeTuple t : mapping.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("kind")
                        && t.getValueNode() instanceof ScalarNode v) {
                    kindText = v.getValue();
                }
            }
            AnomalyRule.Kind kind = kindText == null ? null : AnomalyRule.Kind.parse(kindText);
            if (kind == null) {
                problem(item, id, "'kind' must be one of ratio, spike, accumulation, threshold, device, staleness");
                return null;
            }
            Set<String> allowed = new HashSet<>(COMMON_FIELDS);
            switch (kind) {
                case RATIO -> allowed.addAll(Set.of("metrics", "minimum", "baseline"));
                case SPIKE, THRESHOLD -> allowed.addAll(Set.of("metric", "baseline"));
                case ACCUMULATION -> allowed.addAll(Set.of("metric", "rising", "baseline"));
                case DEVICE -> allowed.addAll(Set.of("condition", "codes", "deviceKinds"));
                case STALENESS -> {
                }
            }
            Map<String, NodeTuple> f = fields(mapping, id, allowed);
            List<String> metrics = new ArrayList<>();
            if (kind == AnomalyRule.Kind.RATIO) {
                metrics.addAll(strings(f, "metrics", id));
                if (metrics.size() != 2) {
                    problem(item, id, "a ratio rule needs 'metrics: [numerator, denominator]'");
                }
            } else if (kind.usesMetrics()) {
                String metric = string(f, "metric", item, id, true);
                if (metric != null) {
                    metrics.add(metric);
                }
            }
            for (String metric : metrics) {
                if (!METRIC.matcher(metric).matches()) {
                    problem(f.getOrDefault("metric", f.get("metrics")).getKeyNode(), id, "metric '" + metric
                            + "' is not a snapshot value (counts.*, ops.*, finance.*)");
                }
            }
            double threshold = 0;
            Duration age = null;
            String condition = null;
            if (kind == AnomalyRule.Kind.STALENESS) {
                age = duration(f, "threshold", item, id, true);
            } else if (kind == AnomalyRule.Kind.DEVICE) {
                condition = string(f, "condition", item, id, true);
                if ("offline".equals(condition)) {
                    age = duration(f, "threshold", item, id, true);
                } else if ("alert".equals(condition)) {
                    threshold = orZero(number(f, "threshold", item, id, 1.0, 1));
                    if (strings(f, "codes", id).isEmpty()) {
                        problem(item, id, "an alert rule needs 'codes' (such as filter_low, error)");
                    }
                } else if (condition != null) {
                    problem(f.get("condition").getKeyNode(), id, "'condition' must be offline or alert");
                }
            } else {
                threshold = orZero(number(f, "threshold", item, id, null, 0));
            }
            double minimum = orZero(number(f, "minimum", item, id, 0.0, 0));
            Double risingValue = kind == AnomalyRule.Kind.ACCUMULATION ? number(f, "rising", item, id, null, 1) : 0.0;
            int rising = risingValue == null ? 1 : risingValue.intValue();
            AnomalyRule.BaselineSpec baseline = null;
            if (kind.usesMetrics()) {
                baseline = baseline(f, item, id);
            }
            String severity = string(f, "severity", item, id, true);
            if (severity != null && !AnomalyRule.SEVERITIES.contains(severity)) {
                problem(f.get("severity").getKeyNode(), id, "'severity' must be low, medium or high");
            }
            Duration cooldown = duration(f, "cooldown", item, id, true);
            Duration suppress = duration(f, "suppressAfterDismissal", item, id, true);
            String group = string(f, "group", item, id, true);
            if (group != null && !ID.matcher(group).matches()) {
                problem(f.get("group").getKeyNode(), id, "'group' must be lower-case words joined by '.' or '-'");
            }
            String title = string(f, "title", item, id, true);
            String rationale = string(f, "rationale", item, id, true);
            String recommendation = string(f, "recommendation", item, id, true);
            Set<String> known = placeholders(kind);
            for (String[] field : new String[][] {{"title", title}, {"rationale", rationale}}) {
                if (field[1] == null) {
                    continue;
                }
                Matcher m = PLACEHOLDER.matcher(field[1]);
                while (m.find()) {
                    if (!known.contains(m.group(1))) {
                        problem(f.get(field[0]).getKeyNode(), id, "unknown placeholder {" + m.group(1) + "} in '"
                                + field[0] + "' (a " + kind.name().toLowerCase() + " rule knows "
                                + String.join(", ", known.stream().sorted().map(p -> "{" + p + "}").toList()) + ")");
                    }
                }
            }
            if (problems.size() > before) {
                return null;
            }
            int line = item.getStartMark().map(m -> m.getLine() + 1).orElse(0);
            return new AnomalyRule(id, kind, List.copyOf(metrics), threshold, age, minimum, rising, condition,
                    new LinkedHashSet<>(strings(f, "codes", id)), new LinkedHashSet<>(strings(f, "deviceKinds", id)),
                    baseline, severity, cooldown, suppress, group, title, rationale, recommendation, line);
        }

        private static double orZero(Double value) {
            return value == null ? 0 : value;
        }

        private AnomalyRule.BaselineSpec baseline(Map<String, NodeTuple> f, Node item, String id) {
            NodeTuple t = f.get("baseline");
            if (t == null) {
                problem(item, id, "'baseline' is missing: a metric rule needs {window, k, minHistory}");
                return null;
            }
            if (!(t.getValueNode() instanceof MappingNode b)) {
                problem(t.getKeyNode(), id, "'baseline' must be a mapping {window, k, minHistory, minSpread, "
                        + "whenShort}");
                return null;
            }
            Map<String, NodeTuple> bf = fields(b, id, BASELINE_FIELDS);
            Double window = number(bf, "window", b, id, null, 3);
            Double k = number(bf, "k", b, id, null, 0.5);
            Double minHistory = number(bf, "minHistory", b, id, null, 3);
            Double minSpread = number(bf, "minSpread", b, id, 0.0, 0);
            String whenShort = string(bf, "whenShort", b, id, false);
            if (whenShort == null) {
                whenShort = "quiet";
            } else if (!whenShort.equals("quiet") && !whenShort.equals("static")) {
                problem(bf.get("whenShort").getKeyNode(), id, "'whenShort' must be quiet or static");
            }
            if (window == null || k == null || minHistory == null) {
                return null;
            }
            if (minHistory > window) {
                problem(bf.get("minHistory").getKeyNode(), id, "'minHistory' cannot exceed 'window'");
            }
            return new AnomalyRule.BaselineSpec(window.intValue(), k, minHistory.intValue(), minSpread, whenShort);
        }

        private static Set<String> placeholders(AnomalyRule.Kind kind) {
            Set<String> known = new HashSet<>();
            switch (kind) {
                case RATIO -> {
                    known.addAll(METRIC_PLACEHOLDERS);
                    known.addAll(Set.of("numerator", "denominator"));
                }
                case ACCUMULATION -> {
                    known.addAll(METRIC_PLACEHOLDERS);
                    known.addAll(Set.of("rising", "start"));
                }
                case SPIKE, THRESHOLD -> known.addAll(METRIC_PLACEHOLDERS);
                case DEVICE -> known.addAll(Set.of("devices", "count", "codes", "threshold"));
                case STALENESS -> known.addAll(Set.of("age", "threshold", "generatedAt", "snapshotDate"));
            }
            return known;
        }
    }
}
