package studio.brain.lint;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import studio.brain.gate.capability.JsonSchemas;
import studio.brain.hash.CanonicalJson;

/**
 * Every policy file ({@code policies/*.yaml}) has a JSON Schema beside it ({@code policies/schema/<name>.schema.json})
 * and matches it. The capability registry is left to {@link CapabilityLint}, which reads it with the hub's own loader
 * (schema included).
 */
final class PolicySchemaLint {
    static final String DIR = "policies";
    static final String SCHEMA_DIR = "policies/schema";
    static final String PARSE = "policy.parse";
    static final String MISSING = "policy.schema-missing";
    static final String MISMATCH = "policy.schema";

    private PolicySchemaLint() {
    }

    static List<Finding> check(Path repo) {
        List<Finding> findings = new ArrayList<>();
        for (Path file : files(repo.resolve(DIR))) {
            String name = Lint.relative(repo, file);
            String base = file.getFileName().toString().replaceFirst("\\.yaml$", "");
            if (CapabilityLint.FILE.equals(name)) {
                continue;
            }
            Path schemaFile = repo.resolve(SCHEMA_DIR).resolve(base + ".schema.json");
            String schemaName = Lint.relative(repo, schemaFile);
            if (!Files.isRegularFile(schemaFile)) {
                findings.add(new Finding(name, null, MISSING, "the policy file has no JSON Schema",
                        "add " + schemaName + " (JSON Schema 2020-12) describing every field the loader accepts, "
                                + "and list it in policies/README.md"));
                continue;
            }
            JsonSchema schema;
            try {
                schema = JsonSchemas.compile(CanonicalJson.mapper().readTree(Files.readString(schemaFile)));
            } catch (IOException | RuntimeException e) {
                findings.add(new Finding(schemaName, null, MISMATCH, "not a usable JSON Schema: "
                        + firstLine(e.getMessage()), "fix the schema so it compiles as JSON Schema 2020-12"));
                continue;
            }
            YamlDocument document;
            try {
                document = YamlDocument.read(file);
            } catch (YamlDocument.Unreadable e) {
                findings.add(new Finding(name, e.line(), PARSE, e.getMessage(), "fix the YAML at that line"));
                continue;
            }
            for (JsonSchemas.Violation violation : JsonSchemas.check(schema, document.json())) {
                findings.add(new Finding(name, document.lineOf(violation.path()), MISMATCH,
                        where(violation.path()) + violation.message(),
                        "make the file match " + schemaName + ", or change the schema in the same reviewed change "
                                + "as the loader"));
            }
        }
        return findings;
    }

    private static String where(List<Object> path) {
        return path.isEmpty() ? "" : JsonSchemas.pointer(path) + ": ";
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse(message);
    }

    private static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(f -> f.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(f))
                    .sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir, e);
        }
    }
}
