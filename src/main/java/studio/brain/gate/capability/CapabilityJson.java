package studio.brain.gate.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The mapping between a capability and its entry in {@code capabilities.yaml} (held as a JSON tree). Reading
 * expects an entry that already passed the file's JSON Schema; writing produces one that passes it again.
 */
final class CapabilityJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final List<String> LIMIT_SCOPES = List.of("perActor", "perOwner", "perCapability", "perTenant");

    private CapabilityJson() {
    }

    static Capability read(JsonNode entry) {
        return new Capability(
                entry.get("id").asText(),
                entry.get("title").asText(),
                enumOf(Target.class, entry.get("target")),
                enumOf(Mode.class, entry.get("mode")),
                enumOf(Risk.class, entry.get("risk")),
                enumOf(Approval.class, entry.get("approval")),
                entry.get("exemptable").asBoolean(),
                optional(entry, "class").map(node -> enumOf(SafetyClass.class, node)),
                entry.get("enabled").asBoolean(),
                optional(entry, "limits").map(CapabilityJson::readLimits).orElse(Limits.NONE),
                entry.get("owner").asText(),
                entry.get("rollback").asText(),
                entry.get("dryRun").asBoolean(),
                optional(entry, "actionSchema"),
                optional(entry, "allowlist").map(CapabilityJson::readStrings));
    }

    static ObjectNode write(Capability capability) {
        ObjectNode entry = JSON.objectNode();
        entry.put("id", capability.id());
        entry.put("title", capability.title());
        entry.put("target", capability.target().yamlName());
        entry.put("mode", capability.mode().yamlName());
        entry.put("risk", capability.risk().yamlName());
        entry.put("approval", capability.approval().yamlName());
        entry.put("exemptable", capability.exemptable());
        capability.safetyClass().ifPresent(safety -> entry.put("class", safety.yamlName()));
        entry.put("enabled", capability.enabled());
        if (!capability.limits().isEmpty()) {
            entry.set("limits", writeLimits(capability.limits()));
        }
        entry.put("owner", capability.owner());
        entry.put("rollback", capability.rollback());
        entry.put("dryRun", capability.dryRun());
        capability.actionSchema().ifPresent(schema -> entry.set("actionSchema", schema));
        capability.allowlist().ifPresent(list -> {
            ArrayNode array = entry.putArray("allowlist");
            list.forEach(array::add);
        });
        return entry;
    }

    private static Limits readLimits(JsonNode node) {
        List<Optional<RateLimit>> scopes = new ArrayList<>();
        for (String scope : LIMIT_SCOPES) {
            scopes.add(optional(node, scope).map(limit ->
                    new RateLimit(limit.get("max").asInt(), Duration.parse(limit.get("window").asText()))));
        }
        return new Limits(scopes.get(0), scopes.get(1), scopes.get(2), scopes.get(3),
                optional(node, "cooldown").map(cooldown -> Duration.parse(cooldown.asText())));
    }

    private static ObjectNode writeLimits(Limits limits) {
        ObjectNode node = JSON.objectNode();
        List<Optional<RateLimit>> scopes =
                List.of(limits.perActor(), limits.perOwner(), limits.perCapability(), limits.perTenant());
        for (int i = 0; i < LIMIT_SCOPES.size(); i++) {
            String scope = LIMIT_SCOPES.get(i);
            scopes.get(i).ifPresent(limit -> {
                ObjectNode written = node.putObject(scope);
                written.put("max", limit.max());
                written.put("window", limit.window().toString());
            });
        }
        limits.cooldown().ifPresent(cooldown -> node.put("cooldown", cooldown.toString()));
        return node;
    }

    private static List<String> readStrings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(item -> values.add(item.asText()));
        return values;
    }

    private static Optional<JsonNode> optional(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, JsonNode node) {
        return Enum.valueOf(type, node.asText().toUpperCase(Locale.ROOT));
    }
}
