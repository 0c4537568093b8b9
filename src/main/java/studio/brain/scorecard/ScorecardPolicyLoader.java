package studio.brain.scorecard;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import studio.brain.gate.capability.JsonSchemas;
import studio.brain.gate.capability.PolicyFiles;
import studio.brain.gate.capability.YamlTree;
import studio.brain.gate.capability.PolicyFileException;
import studio.brain.gate.capability.PolicyProblem;
import studio.brain.hash.ContentHash;

/**
 * Reads {@code scorecard.yaml} into a {@link ScorecardPolicy}, or refuses it with every problem, each with file, line
 * and reason. Three steps, each only when the one before passed: the YAML, the JSON Schema beside it
 * ({@value #SCHEMA_FILE}), then the scorecard's own rules — every indicator exactly once, critical at or beyond
 * warning in the indicator's direction, a share at most 100, and {@code windowHours} exactly where the indicator
 * looks back.
 */
public final class ScorecardPolicyLoader {
    public static final String FILE_NAME = "scorecard.yaml";
    public static final String SCHEMA_FILE = "schema/scorecard.schema.json";

    private ScorecardPolicyLoader() {
    }

    /** Loads the file, checked against the schema beside it. */
    public static ScorecardPolicy load(Path file) throws PolicyFileException {
        return load(file, file.toAbsolutePath().getParent().resolve(SCHEMA_FILE));
    }

    public static ScorecardPolicy load(Path file, Path schemaFile) throws PolicyFileException {
        YamlTree tree = YamlTree.parse(file, PolicyFiles.read(file));
        JsonSchema schema = PolicyFiles.schema(schemaFile, "beside the scorecard file as " + SCHEMA_FILE);
        List<PolicyProblem> problems = new ArrayList<>();
        for (JsonSchemas.Violation v : JsonSchemas.check(schema, tree.json())) {
            problems.add(new PolicyProblem(file, tree.lineOf(v.path()), subject(tree.json(), v.path()) + ": "
                    + v.message()));
        }
        PolicyFiles.refuseIfAny(file, problems);

        JsonNode entries = tree.json().get("indicators");
        Map<Indicator, Threshold> thresholds = new EnumMap<>(Indicator.class);
        Map<Indicator, Integer> firstAt = new EnumMap<>(Indicator.class);
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            Indicator indicator = Indicator.byKey(entry.get("key").asText()).orElseThrow();
            String who = "indicator '" + indicator.key() + "'";
            if (firstAt.containsKey(indicator)) {
                problems.add(new PolicyProblem(file, tree.lineOf(List.of("indicators", i)), who
                        + ": appears twice (first at line " + tree.lineOf(List.of("indicators", firstAt.get(indicator)))
                        + ")"));
                continue;
            }
            firstAt.put(indicator, i);
            double warning = entry.get("warning").asDouble();
            double critical = entry.get("critical").asDouble();
            boolean higherIsWorse = indicator.unit().higherIsWorse();
            if (higherIsWorse ? critical < warning : critical > warning) {
                problems.add(new PolicyProblem(file, tree.lineOf(List.of("indicators", i, "critical")), who
                        + ": critical (" + number(critical) + ") must be " + (higherIsWorse ? "at or above" : "at or below")
                        + " warning (" + number(warning) + "): a " + indicator.unit().wireName() + " value is worse the "
                        + (higherIsWorse ? "higher" : "lower") + " it is"));
            }
            if (indicator.unit() == Indicator.Unit.PERCENT && (warning > 100 || critical > 100)) {
                problems.add(new PolicyProblem(file, tree.lineOf(List.of("indicators", i, warning > 100 ? "warning"
                        : "critical")), who + ": a share is at most 100 (percent)"));
            }
            Optional<Duration> window = entry.has("windowHours")
                    ? Optional.of(Duration.ofHours(entry.get("windowHours").asLong())) : Optional.empty();
            if (indicator.windowed() && window.isEmpty()) {
                problems.add(new PolicyProblem(file, tree.lineOf(List.of("indicators", i)), who
                        + ": needs windowHours (how far back it counts)"));
            } else if (!indicator.windowed() && window.isPresent()) {
                problems.add(new PolicyProblem(file, tree.lineOf(List.of("indicators", i, "windowHours")), who
                        + ": windowHours has no meaning here, the indicator looks at the present only"));
            }
            thresholds.put(indicator, new Threshold(indicator, warning, critical, entry.get("owner").asText().strip(),
                    entry.get("note").asText().strip(), window));
        }
        for (Indicator missing : Indicator.values()) {
            if (!firstAt.containsKey(missing)) {
                problems.add(new PolicyProblem(file, tree.lineOf(List.of("indicators")), "indicator '" + missing.key()
                        + "' is missing: every indicator needs its thresholds, owner and note"));
            }
        }
        PolicyFiles.refuseIfAny(file, problems);
        Optional<String> channel = Optional.ofNullable(tree.json().path("alerts").get("channel")).map(JsonNode::asText);
        return new ScorecardPolicy(tree.json().get("version").asText(), ContentHash.of(tree.json()), thresholds,
                channel);
    }

    static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static String subject(JsonNode document, List<Object> path) {
        if (path.size() >= 2 && "indicators".equals(path.get(0)) && path.get(1) instanceof Integer index) {
            JsonNode key = document.path("indicators").path(index).path("key");
            String who = key.isTextual() ? "indicator '" + key.asText() + "'" : "indicators[" + index + "]";
            return path.size() > 2 ? who + " " + path.get(2) : who;
        }
        return path.isEmpty() ? "the file" : String.valueOf(path.get(0));
    }
}
