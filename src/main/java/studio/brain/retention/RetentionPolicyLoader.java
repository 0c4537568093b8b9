package studio.brain.retention;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import java.nio.file.Path;
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
 * Reads {@code retention.yaml} into a {@link RetentionPolicy}, or refuses it with every problem, each with file, line
 * and reason. Three steps, each only when the one before passed: the YAML, the JSON Schema beside it
 * ({@value #SCHEMA_FILE}), then the matrix's own rules — every data class exactly once, an action the class allows,
 * a window exactly when the action needs one, and the drafts' capabilities.
 */
public final class RetentionPolicyLoader {
    public static final String FILE_NAME = "retention.yaml";
    public static final String SCHEMA_FILE = "schema/retention.schema.json";

    private RetentionPolicyLoader() {
    }

    /** Loads the file, checked against the schema beside it. */
    public static RetentionPolicy load(Path file) throws PolicyFileException {
        return load(file, file.toAbsolutePath().getParent().resolve(SCHEMA_FILE));
    }

    public static RetentionPolicy load(Path file, Path schemaFile) throws PolicyFileException {
        YamlTree tree = YamlTree.parse(file, PolicyFiles.read(file));
        JsonSchema schema = PolicyFiles.schema(schemaFile, "beside the retention file as " + SCHEMA_FILE);
        List<PolicyProblem> problems = new ArrayList<>();
        for (JsonSchemas.Violation v : JsonSchemas.check(schema, tree.json())) {
            problems.add(new PolicyProblem(file, tree.lineOf(v.path()), subject(tree.json(), v.path()) + ": "
                    + v.message()));
        }
        PolicyFiles.refuseIfAny(file, problems);

        JsonNode entries = tree.json().get("classes");
        Map<DataClass, RetentionRule> rules = new EnumMap<>(DataClass.class);
        Map<DataClass, Integer> firstAt = new EnumMap<>(DataClass.class);
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            DataClass dataClass = DataClass.byId(entry.get("class").asText()).orElseThrow();
            RetentionAction action = RetentionAction.byYamlName(entry.get("action").asText()).orElseThrow();
            String who = "class '" + dataClass.id() + "'";
            List<Object> at = List.of("classes", i);
            if (firstAt.containsKey(dataClass)) {
                problems.add(new PolicyProblem(file, tree.lineOf(at), who + ": appears twice (first at line "
                        + tree.lineOf(List.of("classes", firstAt.get(dataClass))) + ")"));
                continue;
            }
            firstAt.put(dataClass, i);
            if (!dataClass.actions().contains(action)) {
                problems.add(new PolicyProblem(file, tree.lineOf(List.of("classes", i, "action")), who
                        + ": action '" + action.yamlName() + "' is not possible for this class (possible: "
                        + String.join(", ", dataClass.actions().stream().map(RetentionAction::yamlName).sorted()
                        .toList()) + ")"));
            }
            Optional<Integer> window = entry.has("windowDays") ? Optional.of(entry.get("windowDays").asInt())
                    : Optional.empty();
            boolean needsWindow = action == RetentionAction.DELETE || action == RetentionAction.REDACT;
            if (needsWindow && window.isEmpty()) {
                problems.add(new PolicyProblem(file, tree.lineOf(at), who + ": action '" + action.yamlName()
                        + "' needs windowDays"));
            } else if (!needsWindow && window.isPresent()) {
                problems.add(new PolicyProblem(file, tree.lineOf(List.of("classes", i, "windowDays")), who
                        + ": windowDays has no meaning with action '" + action.yamlName() + "'"
                        + (action == RetentionAction.LEDGER ? "; the ledger's window is "
                        + "STUDIO_BRAIN_LEDGER_RETENTION_DAYS, its one source" : "")));
            }
            List<String> capabilities = new ArrayList<>();
            entry.path("capabilities").forEach(c -> capabilities.add(c.asText().strip()));
            if (dataClass == DataClass.DRAFTS && capabilities.isEmpty()) {
                problems.add(new PolicyProblem(file, tree.lineOf(at), who
                        + ": capabilities must list the draft-only capabilities"));
            } else if (dataClass != DataClass.DRAFTS && !capabilities.isEmpty()) {
                problems.add(new PolicyProblem(file, tree.lineOf(List.of("classes", i, "capabilities")), who
                        + ": capabilities belongs to the drafts class only"));
            }
            rules.put(dataClass, new RetentionRule(dataClass, window, action, capabilities,
                    entry.get("why").asText().strip()));
        }
        for (DataClass missing : DataClass.values()) {
            if (!firstAt.containsKey(missing)) {
                problems.add(new PolicyProblem(file, tree.lineOf(List.of("classes")), "class '" + missing.id()
                        + "' is missing: every data class needs a line (use action keep to never purge it)"));
            }
        }
        PolicyFiles.refuseIfAny(file, problems);
        return new RetentionPolicy(tree.json().get("version").asText(), ContentHash.of(tree.json()), rules);
    }

    private static String subject(JsonNode document, List<Object> path) {
        if (path.size() >= 2 && "classes".equals(path.get(0)) && path.get(1) instanceof Integer index) {
            JsonNode id = document.path("classes").path(index).path("class");
            String who = id.isTextual() ? "class '" + id.asText() + "'" : "classes[" + index + "]";
            return path.size() > 2 ? who + " " + path.get(2) : who;
        }
        return path.isEmpty() ? "the file" : String.valueOf(path.get(0));
    }
}
