package studio.brain.gate.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Optional;

/**
 * The rules a registry keeps beyond what its JSON Schema can say, each with a reason an integrator can act on
 * (they are listed in {@code docs/capabilities.md}). Checking them also compiles each action schema once, so a
 * schema that cannot be used is a problem of the file rather than a surprise at the first proposal.
 */
final class RegistryRules {
    private static final List<String> LIMIT_SCOPES = List.of("perActor", "perOwner", "perCapability", "perTenant");

    private RegistryRules() {
    }

    /**
     * A broken rule: which capability (its index in the list), the path of the field inside it, and why.
     *
     * @param firstIndex for a duplicate id, the index of the capability that declared it first
     */
    record Violation(int index, List<Object> path, String reason, Integer firstIndex) {
    }

    /** The broken rules, and the compiled action schema of every capability that has one (when none is broken). */
    record Checked(List<Violation> violations, Map<String, JsonSchema> actionSchemas) {
    }

    static Checked check(List<Capability> capabilities) {
        List<Violation> violations = new ArrayList<>();
        Map<String, Integer> firstIndexOfId = new HashMap<>();
        Map<String, JsonSchema> compiled = new LinkedHashMap<>();
        for (int i = 0; i < capabilities.size(); i++) {
            Capability capability = capabilities.get(i);
            Integer first = firstIndexOfId.putIfAbsent(capability.id(), i);
            if (first != null) {
                violations.add(new Violation(i, List.of("id"),
                        "the id is declared twice; ids are unique", first));
            }
            List<Violation> own = rulesOf(i, capability);
            violations.addAll(own);
            boolean schemaBroken = own.stream()
                    .anyMatch(v -> !v.path().isEmpty() && "actionSchema".equals(v.path().get(0)));
            if (capability.actionSchema().isPresent() && !schemaBroken) {
                try {
                    compiled.put(capability.id(), JsonSchemas.compile(capability.actionSchema().get()));
                } catch (RuntimeException e) {
                    violations.add(new Violation(i, List.of("actionSchema"),
                            "the actionSchema is not a usable JSON Schema: " + firstLine(e), null));
                }
            }
        }
        return new Checked(List.copyOf(violations), Map.copyOf(compiled));
    }

    private static List<Violation> rulesOf(int index, Capability capability) {
        List<Violation> violations = new ArrayList<>();
        if (capability.isWrite() && !capability.requiresApproval()) {
            violations.add(new Violation(index, List.of("approval"), "a write capability needs approval: required; "
                    + "nothing irreversible happens without a recorded human decision", null));
        }
        if (capability.isWrite() && capability.actionSchema().isEmpty()) {
            violations.add(new Violation(index, List.of(), "a write capability needs an actionSchema: the JSON Schema "
                    + "its input is checked against before a proposal is accepted", null));
        }
        capability.safetyClass().filter(safety -> capability.exemptable()).ifPresent(safety ->
                violations.add(new Violation(index, List.of("exemptable"), "a capability of class '"
                        + safety.yamlName() + "' can never be exempted from approval; set exemptable: false", null)));
        if (!capability.requiresApproval() && capability.exemptable()) {
            violations.add(new Violation(index, List.of("exemptable"), "exemptable: true means nothing with "
                    + "approval: none (there is no approval to exempt from); set exemptable: false", null));
        }
        if (capability.isWrite() && capability.rollback().strip().toLowerCase(Locale.ROOT).startsWith("none")) {
            violations.add(new Violation(index, List.of("rollback"), "a write capability needs a rollback or "
                    + "compensation plan; 'none' is only for reads", null));
        }
        violations.addAll(limitRules(index, capability.limits()));
        capability.actionSchema().ifPresent(schema -> violations.addAll(actionSchemaRules(index, schema)));
        return violations;
    }

    private static List<Violation> limitRules(int index, Limits limits) {
        List<Violation> violations = new ArrayList<>();
        List<Optional<RateLimit>> scopes =
                List.of(limits.perActor(), limits.perOwner(), limits.perCapability(), limits.perTenant());
        for (int i = 0; i < scopes.size(); i++) {
            String scope = LIMIT_SCOPES.get(i);
            scopes.get(i).filter(limit -> !isPositive(limit.window())).ifPresent(limit -> violations.add(
                    new Violation(index, List.of("limits", scope, "window"), "a window must be longer than zero",
                            null)));
        }
        limits.cooldown().filter(cooldown -> !isPositive(cooldown)).ifPresent(cooldown -> violations.add(
                new Violation(index, List.of("limits", "cooldown"), "a cooldown must be longer than zero", null)));
        return violations;
    }

    /**
     * An action's input is one JSON object, so its fields have paths an error can name; and its schema is
     * self-contained, because a reference to another document would make the validator fetch it.
     */
    private static List<Violation> actionSchemaRules(int index, JsonNode schema) {
        List<Violation> violations = new ArrayList<>();
        if (!"object".equals(schema.path("type").asText())) {
            violations.add(new Violation(index, List.of("actionSchema", "type"),
                    "an action's input is a JSON object: the actionSchema needs type: object", null));
        }
        walk(schema, new ArrayList<>(List.of("actionSchema")), (path, keyword, value) -> {
            if (("$ref".equals(keyword) || "$dynamicRef".equals(keyword)) && !value.startsWith("#")) {
                violations.add(new Violation(index, path, keyword + " '" + value + "' must point inside the "
                        + "actionSchema (#/...); an action schema is self-contained and nothing is fetched", null));
            }
            if ("$schema".equals(keyword) && !JsonSchemas.DIALECT.equals(value)) {
                violations.add(new Violation(index, path, "action schemas are JSON Schema 2020-12: leave $schema "
                        + "out or set it to " + JsonSchemas.DIALECT, null));
            }
        });
        return violations;
    }

    private interface KeywordVisitor {
        void visit(List<Object> path, String keyword, String value);
    }

    private static void walk(JsonNode node, List<Object> path, KeywordVisitor visitor) {
        if (node.isObject()) {
            for (Entry<String, JsonNode> field : node.properties()) {
                path.add(field.getKey());
                if (field.getValue().isTextual()) {
                    visitor.visit(List.copyOf(path), field.getKey(), field.getValue().asText());
                } else {
                    walk(field.getValue(), path, visitor);
                }
                path.remove(path.size() - 1);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                path.add(i);
                walk(node.get(i), path, visitor);
                path.remove(path.size() - 1);
            }
        }
    }

    private static String firstLine(RuntimeException e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }

    private static boolean isPositive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }
}
