package studio.brain.web.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.camel.Exchange;

/**
 * A request body read as one JSON object, field by field. Each accessor notes what is wrong instead of failing at
 * once, so {@link #check()} can answer with every problem together (422, each with its JSON Pointer). Fields the
 * endpoint does not know are refused too: a misspelt {@code rationle} must not silently become "no rationale".
 */
public final class JsonBody {
    /** A key given twice is refused: which of the two values counts would otherwise be the parser's choice. */
    private static final ObjectMapper STRICT = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final ObjectNode root;
    private final Set<String> known = new LinkedHashSet<>();
    private final List<FieldProblem> problems = new ArrayList<>();

    private JsonBody(ObjectNode root) {
        this.root = root;
    }

    /** The body, which must be a JSON object or empty (400 when it is not JSON at all, or another JSON value). */
    public static JsonBody of(Exchange exchange) {
        String text = exchange.getIn().getBody(String.class);
        if (text == null || text.isBlank()) {
            // No body says nothing, like {}: the missing fields are then named one by one.
            return new JsonBody(STRICT.createObjectNode());
        }
        JsonNode parsed;
        try {
            parsed = STRICT.readTree(text);
        } catch (Exception e) {
            throw ApiProblem.badRequest("the body is not valid JSON (or gives a key twice)");
        }
        if (!(parsed instanceof ObjectNode object)) {
            throw ApiProblem.badRequest("the body must be a JSON object");
        }
        return new JsonBody(object);
    }

    /** The whole body, for hashing (an idempotent request is "the same" when its canonical JSON is). */
    public ObjectNode json() {
        return root;
    }

    public String text(String field, boolean required, int maxLength) {
        JsonNode node = field(field, required);
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            return problem(field, "must be a string");
        }
        String value = node.asText();
        if (required && value.isBlank()) {
            return problem(field, "must not be empty");
        }
        if (value.length() > maxLength) {
            return problem(field, "must be at most " + maxLength + " characters");
        }
        return value;
    }

    /** Free text whose content the hub's own rules judge (a rationale); here only its type is checked. */
    public String prose(String field) {
        JsonNode node = field(field, false);
        if (node == null) {
            return null;
        }
        return node.isTextual() ? node.asText() : problem(field, "must be a string");
    }

    public Boolean bool(String field, boolean required) {
        JsonNode node = field(field, required);
        if (node == null) {
            return null;
        }
        return node.isBoolean() ? node.asBoolean() : problem(field, "must be true or false");
    }

    /** Any JSON value; its shape is for someone else to judge (the capability's action schema). */
    public JsonNode value(String field, boolean required) {
        return field(field, required);
    }

    public List<String> texts(String field, boolean required, int maxItems, int maxLength) {
        JsonNode node = field(field, required);
        if (node == null) {
            return null;
        }
        if (!node.isArray()) {
            return problem(field, "must be an array of strings");
        }
        if (node.size() > maxItems) {
            return problem(field, "must have at most " + maxItems + " items");
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual() || item.asText().isBlank() || item.asText().length() > maxLength) {
                return problem("/" + field + "/" + i, "must be a non-empty string of at most " + maxLength + " characters");
            }
            values.add(item.asText());
        }
        return values;
    }

    public Instant instant(String field, boolean required) {
        String text = text(field, required, 64);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return problem(field, "must be an ISO-8601 instant such as 2026-11-30T08:00:00Z");
        }
    }

    public Duration duration(String field, boolean required) {
        String text = text(field, required, 64);
        if (text == null) {
            return null;
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            return problem(field, "must be an ISO-8601 duration such as PT2H or P7D");
        }
    }

    /** Refuses the body with every problem found, including fields this endpoint does not take. */
    public void check() {
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.add(new FieldProblem(pointer(name), "is not a field of this request; known fields: "
                        + String.join(", ", known)));
            }
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.invalid(problems);
        }
    }

    private JsonNode field(String field, boolean required) {
        known.add(field);
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                problem(field, "is required");
            }
            return null;
        }
        return node;
    }

    private <T> T problem(String field, String message) {
        problems.add(new FieldProblem(field.startsWith("/") ? field : pointer(field), message));
        return null;
    }

    /** RFC 6901: {@code ~} and {@code /} in a name are escaped. */
    private static String pointer(String name) {
        return "/" + ApiRoutes.shorten(name).replace("~", "~0").replace("/", "~1");
    }
}
