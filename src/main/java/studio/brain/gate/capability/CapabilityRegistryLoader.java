package studio.brain.gate.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import studio.brain.hash.CanonicalJson;
import studio.brain.hash.ContentHash;

/**
 * Reads {@code capabilities.yaml} into a {@link CapabilityRegistry}, or refuses it with every problem found, each
 * with its file, line and reason. The checks run in three steps, each only when the one before passed, so that a
 * reason is never a consequence of an earlier one: the YAML itself (syntax, a key given twice), the file's JSON
 * Schema ({@code schema/capabilities.schema.json} beside it), then the registry's rules ({@code RegistryRules}).
 */
public final class CapabilityRegistryLoader {
    /** Where the file's JSON Schema lives, relative to the folder of the capabilities file. */
    public static final String SCHEMA_FILE = "schema/capabilities.schema.json";

    private CapabilityRegistryLoader() {
    }

    /** Loads the file, checked against the schema beside it ({@value #SCHEMA_FILE}). */
    public static CapabilityRegistry load(Path file) throws PolicyFileException {
        return load(file, schemaBeside(file));
    }

    public static CapabilityRegistry load(Path file, Path schemaFile) throws PolicyFileException {
        YamlTree tree = YamlTree.parse(file, read(file));
        JsonSchema fileSchema = fileSchema(schemaFile);
        refuseIfAny(file, schemaProblems(file, tree, fileSchema));

        JsonNode document = tree.json();
        List<Capability> capabilities = new ArrayList<>();
        List<PolicyProblem> problems = new ArrayList<>();
        JsonNode entries = document.get("capabilities");
        for (int i = 0; i < entries.size(); i++) {
            try {
                capabilities.add(CapabilityJson.read(entries.get(i)));
            } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
                // The schema admits it, Java cannot hold it (a duration too long to count in seconds, say).
                problems.add(problem(file, tree, List.of("capabilities", i), e.getMessage()));
            }
        }
        refuseIfAny(file, problems);

        RegistryRules.Checked checked = RegistryRules.check(capabilities);
        for (RegistryRules.Violation violation : checked.violations()) {
            List<Object> path = new ArrayList<>(List.of("capabilities", violation.index()));
            path.addAll(violation.path());
            String reason = violation.reason();
            if (violation.firstIndex() != null) {
                reason += " (first at line " + tree.lineOf(List.of("capabilities", violation.firstIndex())) + ")";
            }
            problems.add(problem(file, tree, path, reason));
        }
        refuseIfAny(file, problems);

        return new CapabilityRegistry(document.get("version").asText(), ContentHash.of(document), capabilities,
                checked.actionSchemas());
    }

    public static Path schemaBeside(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        return folder.resolve(SCHEMA_FILE);
    }

    private static List<PolicyProblem> schemaProblems(Path file, YamlTree tree, JsonSchema schema) {
        return JsonSchemas.check(schema, tree.json()).stream()
                .map(violation -> problem(file, tree, violation.path(), violation.message()))
                .toList();
    }

    /**
     * A problem at a path of the document, with a reason that names the capability concerned by its id (as the
     * integrator knows it) and the field by its path inside the capability: {@code capability
     * 'hubitat.device.command' limits.perActor.window: a window must be longer than zero}.
     */
    private static PolicyProblem problem(Path file, YamlTree tree, List<Object> path, String reason) {
        return new PolicyProblem(file, tree.lineOf(path), subject(tree.json(), path) + ": " + reason);
    }

    private static String subject(JsonNode document, List<Object> path) {
        if (path.isEmpty()) {
            return "the file";
        }
        if (path.size() >= 2 && "capabilities".equals(path.get(0)) && path.get(1) instanceof Integer index) {
            JsonNode id = document.path("capabilities").path(index).path("id");
            String who = id.isTextual() ? "capability '" + id.asText() + "'" : "capabilities[" + index + "]";
            List<Object> field = path.subList(2, path.size());
            return field.isEmpty() ? who : who + " " + dotted(field);
        }
        return dotted(path);
    }

    private static String dotted(List<Object> path) {
        StringBuilder text = new StringBuilder();
        for (Object step : path) {
            if (step instanceof Integer index) {
                text.append('[').append(index).append(']');
            } else {
                text.append(text.isEmpty() ? "" : ".").append(step);
            }
        }
        return text.toString();
    }

    private static void refuseIfAny(Path file, List<PolicyProblem> problems) throws PolicyFileException {
        if (!problems.isEmpty()) {
            List<PolicyProblem> sorted = new ArrayList<>(problems);
            sorted.sort(Comparator.comparing(PolicyProblem::line, Comparator.nullsFirst(Comparator.naturalOrder())));
            throw new PolicyFileException(file, sorted);
        }
    }

    private static String read(Path file) throws PolicyFileException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw refused(file, "file not found");
        } catch (CharacterCodingException e) {
            throw refused(file, "the file is not UTF-8 text");
        } catch (IOException e) {
            throw refused(file, "cannot read the file: " + e.getMessage());
        }
    }

    private static JsonSchema fileSchema(Path schemaFile) throws PolicyFileException {
        JsonNode schema;
        try {
            schema = CanonicalJson.mapper().readTree(Files.readString(schemaFile));
        } catch (NoSuchFileException e) {
            throw refused(schemaFile, "schema file not found; it belongs beside the capabilities file as "
                    + SCHEMA_FILE);
        } catch (IOException e) {
            throw refused(schemaFile, "cannot read the schema: " + e.getMessage().lines().findFirst().orElse(""));
        }
        try {
            return JsonSchemas.compile(schema);
        } catch (RuntimeException e) {
            throw refused(schemaFile, "not a usable JSON Schema: " + e.getMessage());
        }
    }

    private static PolicyFileException refused(Path file, String reason) {
        return new PolicyFileException(file, List.of(new PolicyProblem(file, null, reason)));
    }
}
