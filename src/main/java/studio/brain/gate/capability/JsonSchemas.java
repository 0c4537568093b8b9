package studio.brain.gate.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * JSON Schema 2020-12 through networknt's validator, for the registry file's schema, the capabilities' action
 * schemas and the intake webhook's body. Meta-schemas come from the validator's own jar, so nothing is fetched over the network.
 */
public final class JsonSchemas {
    static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    /**
     * Formats (date-time, email, uri…) are checked rather than only annotated: an integrator who writes one means
     * it. Messages are in English whatever the machine's locale, so the API and the logs say the same everywhere.
     */
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER)
            .formatAssertionsEnabled(true)
            .locale(Locale.ENGLISH)
            .build();
    /** Errors whose instance location is the object holding the field; the field itself is the error's property. */
    private static final Set<String> ABOUT_A_PROPERTY = Set.of(
            "required", "additionalProperties", "unevaluatedProperties", "dependentRequired", "dependencies");

    private JsonSchemas() {
    }

    /** A schema ready to validate; every reference is resolved now, so a broken schema fails here and not later. */
    public static JsonSchema compile(JsonNode schema) {
        JsonSchema compiled = FACTORY.getSchema(schema, CONFIG);
        compiled.initializeValidators();
        return compiled;
    }

    /** Every way the instance breaks the schema, each at the path of the field concerned, in a stable order. */
    public static List<Violation> check(JsonSchema schema, JsonNode instance) {
        Set<Violation> violations = new LinkedHashSet<>();
        for (ValidationMessage message : schema.validate(instance)) {
            List<Object> path = elements(message.getInstanceLocation());
            if (message.getProperty() != null && ABOUT_A_PROPERTY.contains(message.getType())) {
                path.add(message.getProperty());
            }
            violations.add(new Violation(List.copyOf(path), message.getError()));
        }
        return List.copyOf(violations);
    }

    /** A path as a JSON Pointer: {@code /capabilities/3/risk}; the empty string for the whole document. */
    public static String pointer(List<Object> path) {
        StringBuilder pointer = new StringBuilder();
        for (Object step : path) {
            pointer.append('/').append(String.valueOf(step).replace("~", "~0").replace("/", "~1"));
        }
        return pointer.toString();
    }

    private static List<Object> elements(JsonNodePath location) {
        List<Object> path = new ArrayList<>();
        for (int i = 0; i < location.getNameCount(); i++) {
            path.add(location.getElement(i));
        }
        return path;
    }

    /** One schema error: the path of the field (property names and array indexes) and what is wrong with it. */
    public record Violation(List<Object> path, String message) {
    }
}
