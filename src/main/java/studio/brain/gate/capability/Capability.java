package studio.brain.gate.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One thing the hub may do, as declared in {@code policies/capabilities.yaml}: what it touches, whether it writes,
 * how risky it is, whether a human must approve each use, who owns it, how to undo it, and — for actions — the
 * JSON Schema its input must satisfy and the targets it may reach. Immutable; the registry's rules
 * ({@code docs/capabilities.md}) are checked when a registry is built, not here, so that a loader can report every
 * broken rule of a file at once.
 *
 * @param safetyClass the YAML {@code class}: set for actions on doors, locks, mains power, mobility or payments,
 *                    which are never exemptable
 * @param allowlist   empty when the capability has no allowlist; an empty list means no target is allowed yet
 */
public record Capability(String id, String title, Target target, Mode mode, Risk risk, Approval approval,
                         boolean exemptable, Optional<SafetyClass> safetyClass, boolean enabled, Limits limits,
                         String owner, String rollback, boolean dryRun, Optional<JsonNode> actionSchema,
                         Optional<List<String>> allowlist) {

    /**
     * Lower-case dotted words ({@code firestore.ops_note.append}). Ids appear in delegation scopes
     * ({@code capability:<id>:propose}), so they never contain a colon or a space.
     */
    public static final Pattern ID_PATTERN = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");

    public Capability {
        Objects.requireNonNull(id, "id");
        if (!ID_PATTERN.matcher(id).matches()) {
            throw new IllegalArgumentException("capability id '" + id
                    + "' is not lower-case dotted words such as firestore.ops_note.append");
        }
        requireText(title, "title", id);
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(risk, "risk");
        Objects.requireNonNull(approval, "approval");
        Objects.requireNonNull(safetyClass, "safetyClass");
        Objects.requireNonNull(limits, "limits");
        requireText(owner, "owner", id);
        requireText(rollback, "rollback", id);
        Objects.requireNonNull(actionSchema, "actionSchema");
        Objects.requireNonNull(allowlist, "allowlist");
        // JsonNode is mutable: keep a private copy so nobody can change a registry's schema from outside.
        actionSchema = actionSchema.map(JsonNode::deepCopy);
        allowlist = allowlist.map(List::copyOf);
    }

    private static void requireText(String value, String field, String id) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("capability '" + id + "' needs a " + field);
        }
    }

    /** A copy of the action schema; changing it changes nothing in the registry. */
    @Override
    public Optional<JsonNode> actionSchema() {
        return actionSchema.map(JsonNode::deepCopy);
    }

    public boolean isWrite() {
        return mode == Mode.WRITE;
    }

    public boolean requiresApproval() {
        return approval == Approval.REQUIRED;
    }

    /** True when the capability has no allowlist, or the allowlist names this target. */
    public boolean allowsTarget(String targetId) {
        return allowlist.map(list -> list.contains(targetId)).orElse(true);
    }

    /** The capability as it is written in {@code capabilities.yaml}, as JSON (for the API and for hashing). */
    public ObjectNode toJson() {
        return CapabilityJson.write(this);
    }
}
