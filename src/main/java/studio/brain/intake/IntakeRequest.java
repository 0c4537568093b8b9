package studio.brain.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import studio.brain.gate.capability.JsonSchemas;
import studio.brain.hash.CanonicalJson;

/**
 * A work item or flag as the portal or an integrator posts it, bound only after its signature was checked and its
 * body passed {@code schema/intake-flag.schema.json}; a body that does not is refused field by field (422).
 */
public record IntakeRequest(String workItemId, String ownerUid, String actorType, String actorId, String description,
                            List<String> tags, List<String> links, List<String> attachmentHashes, String source) {

    private static final JsonSchema SCHEMA = load();

    public IntakeRequest {
        tags = List.copyOf(tags);
        links = List.copyOf(links);
        attachmentHashes = List.copyOf(attachmentHashes);
    }

    /** Parses and validates the raw body; every problem is named with its field (a JSON Pointer). */
    public static IntakeRequest parse(byte[] body) {
        JsonNode json;
        try {
            json = CanonicalJson.mapper().readTree(body);
        } catch (IOException e) {
            throw new IntakeRejected(400, "INVALID_JSON", "the body is not JSON");
        }
        if (json == null || json.isMissingNode()) {
            throw new IntakeRejected(400, "INVALID_JSON", "the body is empty");
        }
        List<JsonSchemas.Violation> violations = JsonSchemas.check(SCHEMA, json);
        if (!violations.isEmpty()) {
            List<Map<String, String>> fields = new ArrayList<>();
            violations.forEach(v -> fields.add(Map.of("field", JsonSchemas.pointer(v.path()), "problem", v.message())));
            throw new IntakeRejected(422, "INVALID_INPUT", "the body does not fit the intake schema", fields);
        }
        String withNul = fieldWithNul(json, "");
        if (withNul != null) {
            throw new IntakeRejected(422, "INVALID_INPUT", "text must not contain a NUL character",
                    List.of(Map.of("field", withNul, "problem", "contains a NUL character (\\u0000)")));
        }
        String description = json.get("description").asText();
        JsonNode actor = json.get("actor");
        return new IntakeRequest(json.get("workItemId").asText(), text(json, "ownerUid"), actor.get("type").asText(),
                text(actor, "id"), description, strings(json, "tags"), strings(json, "links"),
                strings(json, "attachmentHashes"), json.get("source").asText());
    }

    /** The first text value holding a NUL character (the database stores none), as a JSON Pointer; else null. */
    private static String fieldWithNul(JsonNode node, String pointer) {
        if (node.isTextual()) {
            return node.asText().indexOf('\0') >= 0 ? pointer : null;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = fieldWithNul(node.get(i), pointer + "/" + i);
                if (found != null) {
                    return found;
                }
            }
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String found = fieldWithNul(field.getValue(), pointer + "/" + field.getKey());
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static List<String> strings(JsonNode node, String field) {
        List<String> values = new ArrayList<>();
        node.path(field).forEach(v -> values.add(v.asText()));
        return values;
    }

    private static JsonSchema load() {
        try (InputStream in = IntakeRequest.class.getResourceAsStream("/schema/intake-flag.schema.json")) {
            return JsonSchemas.compile(CanonicalJson.mapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled intake schema cannot be read", e);
        }
    }
}
