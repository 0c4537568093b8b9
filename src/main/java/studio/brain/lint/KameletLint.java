package studio.brain.lint;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import studio.brain.hub.KameletFiles;

/**
 * Every connector Kamelet says what it is ({@code spec.definition.title} and {@code description}, which the
 * catalog and the cockpit show) and declares its credentials as secrets. A property is a credential when one of the
 * words of its name is token, password, passphrase, secret, key or credential(s) ({@code apiKey}, {@code
 * access_token}, {@code clientSecret}). Declared secret means, as in the Apache Camel Kamelet catalog, both
 * {@code format: password} (tools mask the value) and {@code x-descriptors} holding
 * {@value #CREDENTIALS_DESCRIPTOR} (tools group it with the credentials); and no {@code default}, since a default
 * would put a secret in the repository.
 */
final class KameletLint {
    static final String DIR = "connectors-yaml";
    static final String PARSE = "kamelet.parse";
    static final String DEFINITION = "kamelet.definition";
    static final String CREDENTIALS = "kamelet.credentials";
    static final String CREDENTIALS_DESCRIPTOR = "urn:camel:group:credentials";

    private static final Set<String> CREDENTIAL_WORDS = Set.of("token", "tokens", "password", "passwd",
            "passphrase", "secret", "secrets", "key", "keys", "apikey", "credential", "credentials");
    /** Word boundaries in a property name: camelCase humps, and any character that is not a letter or digit. */
    private static final Pattern WORDS = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])|[^A-Za-z0-9]+");

    private KameletLint() {
    }

    static List<Finding> check(Path repo) {
        List<Finding> findings = new ArrayList<>();
        for (Path file : files(repo.resolve(DIR))) {
            String name = Lint.relative(repo, file);
            YamlDocument document;
            try {
                document = YamlDocument.read(file);
            } catch (YamlDocument.Unreadable e) {
                findings.add(new Finding(name, e.line(), PARSE, e.getMessage(), "fix the YAML at that line"));
                continue;
            }
            JsonNode definition = document.json().path("spec").path("definition");
            for (String field : List.of("title", "description")) {
                if (!definition.path(field).isTextual() || definition.get(field).asText().isBlank()) {
                    findings.add(new Finding(name, document.lineOf(List.of("spec", "definition", field)), DEFINITION,
                            "the Kamelet has no spec.definition." + field,
                            "add spec.definition." + field + ": what the connector does, for the catalog and "
                                    + "the cockpit (docs/specs/connector-template.md)"));
                }
            }
            for (Map.Entry<String, JsonNode> property : definition.path("properties").properties()) {
                if (isCredential(property.getKey())) {
                    credentialProblem(property.getValue()).ifPresent(problem -> findings.add(new Finding(name,
                            document.lineOf(List.of("spec", "definition", "properties", property.getKey())),
                            CREDENTIALS, "property '" + property.getKey() + "' looks like a credential and "
                                    + problem, "declare it secret: format: password and x-descriptors: ["
                                    + CREDENTIALS_DESCRIPTOR + "], with no default")));
                }
            }
        }
        return findings;
    }

    static boolean isCredential(String propertyName) {
        return Stream.of(WORDS.split(propertyName))
                .map(word -> word.toLowerCase(Locale.ROOT))
                .anyMatch(CREDENTIAL_WORDS::contains);
    }

    private static Optional<String> credentialProblem(JsonNode property) {
        List<String> missing = new ArrayList<>();
        if (!"password".equals(property.path("format").asText())) {
            missing.add("format: password");
        }
        boolean described = false;
        for (JsonNode descriptor : property.path("x-descriptors")) {
            described |= CREDENTIALS_DESCRIPTOR.equals(descriptor.asText());
        }
        if (!described) {
            missing.add("x-descriptors " + CREDENTIALS_DESCRIPTOR);
        }
        if (!missing.isEmpty()) {
            return Optional.of("is not declared secret (missing " + String.join(" and ", missing) + ")");
        }
        if (property.has("default") && !property.get("default").asText("").isEmpty()) {
            return Optional.of("has a default value; a secret never lives in the repository");
        }
        return Optional.empty();
    }

    private static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(f -> f.getFileName().toString().endsWith(KameletFiles.SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir, e);
        }
    }
}
