package studio.brain.gate.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import studio.brain.hash.ContentHash;

/**
 * One immutable version of the capability registry: every capability in file order, the file's schema version, and
 * the content hash of what was loaded (so the audit record can say exactly which policy a decision used). Action
 * schemas are compiled once, here, and shared by every check of an action's input.
 */
public final class CapabilityRegistry {
    /** The version of an empty registry: the hub runs on it, denying everything, until a good file loads. */
    public static final String NO_VERSION = "none";

    private final String version;
    private final String hash;
    private final Map<String, Capability> byId;
    private final List<Capability> all;
    private final Map<String, JsonSchema> actionSchemas;

    CapabilityRegistry(String version, String hash, List<Capability> capabilities,
                       Map<String, JsonSchema> actionSchemas) {
        this.version = Objects.requireNonNull(version, "version");
        this.hash = Objects.requireNonNull(hash, "hash");
        this.all = List.copyOf(capabilities);
        Map<String, Capability> index = new LinkedHashMap<>();
        for (Capability capability : all) {
            if (index.putIfAbsent(capability.id(), capability) != null) {
                throw new IllegalArgumentException("capability id '" + capability.id() + "' is declared twice");
            }
        }
        this.byId = index;
        this.actionSchemas = Map.copyOf(actionSchemas);
    }

    /**
     * A registry built in code (tests, tools), checked by the same rules as a loaded file. Its hash is that of the
     * capabilities as {@code capabilities.yaml} would hold them.
     *
     * @throws IllegalArgumentException naming every broken rule
     */
    public static CapabilityRegistry of(String version, List<Capability> capabilities) {
        RegistryRules.Checked checked = RegistryRules.check(capabilities);
        if (!checked.violations().isEmpty()) {
            throw new IllegalArgumentException(checked.violations().stream()
                    .map(v -> "capability '" + capabilities.get(v.index()).id() + "' "
                            + JsonSchemas.pointer(v.path()) + ": " + v.reason())
                    .collect(Collectors.joining("; ")));
        }
        return new CapabilityRegistry(version, ContentHash.of(document(version, capabilities)), capabilities,
                checked.actionSchemas());
    }

    /** No capabilities at all: every lookup misses, so the gate denies everything. */
    public static CapabilityRegistry empty() {
        return of(NO_VERSION, List.of());
    }

    public Optional<Capability> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Every capability, in the order of the file. */
    public List<Capability> all() {
        return all;
    }

    /** The file's schema version ({@code version:}), such as {@code 3.0}. */
    public String version() {
        return version;
    }

    /**
     * SHA-256 (the hub's {@link ContentHash}) of the file's content as parsed: comments, layout and quoting do not
     * change it, any change to a value does.
     */
    public String hash() {
        return hash;
    }

    /**
     * Checks an action's input against the capability's {@code actionSchema}. A capability without one (a read
     * that declares no input) accepts any input.
     *
     * @param input the action input; {@code null} is checked as JSON {@code null}
     * @return every problem, each naming its field; empty when the input is valid
     * @throws IllegalArgumentException when no capability has this id
     */
    public List<FieldError> validateInput(String capabilityId, JsonNode input) {
        if (!byId.containsKey(capabilityId)) {
            throw new IllegalArgumentException("unknown capability '" + capabilityId + "'");
        }
        JsonSchema schema = actionSchemas.get(capabilityId);
        if (schema == null) {
            return List.of();
        }
        return JsonSchemas.check(schema, input == null ? NullNode.getInstance() : input).stream()
                .map(violation -> new FieldError(JsonSchemas.pointer(violation.path()), violation.message()))
                .toList();
    }

    /** The registry as {@code capabilities.yaml} holds it, as JSON. */
    public ObjectNode toJson() {
        return document(version, all);
    }

    private static ObjectNode document(String version, List<Capability> capabilities) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.put("version", version);
        ArrayNode list = document.putArray("capabilities");
        capabilities.forEach(capability -> list.add(capability.toJson()));
        return document;
    }

    @Override
    public String toString() {
        return "CapabilityRegistry[version=" + version + ", capabilities=" + all.size() + ", hash=" + hash + "]";
    }
}
