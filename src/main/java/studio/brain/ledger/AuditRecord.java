package studio.brain.ledger;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a caller asks the ledger to record. The ledger adds the sequence number, the time, the previous hash and
 * the hash. Metadata holds hashes and short summaries only — never secrets or raw personal payloads.
 */
public record AuditRecord(
        String tenantId,
        ActorType actorType,
        String actorId,
        String action,
        String capabilityId,
        String target,
        String rationale,
        String approvalState,
        String inputHash,
        String outputHash,
        String requestId,
        String correlationId,
        Map<String, Object> metadata) {

    private static final java.util.regex.Pattern ACTION = java.util.regex.Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");

    public AuditRecord {
        requireText(tenantId, "tenantId");
        Objects.requireNonNull(actorType, "actorType");
        requireText(actorId, "actorId");
        requireText(action, "action");
        if (!ACTION.matcher(action).matches()) {
            throw new IllegalArgumentException("action must be dotted lower case like proposal.approved, got '" + action + "'");
        }
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        for (String text : new String[] {tenantId, actorId, action, capabilityId, target, rationale, approvalState,
                inputHash, outputHash, requestId, correlationId}) {
            if (text != null && text.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("audit fields cannot contain NUL characters");
            }
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required for every audit event");
        }
    }

    public static Builder of(String tenantId, ActorType actorType, String actorId, String action) {
        return new Builder(tenantId, actorType, actorId, action);
    }

    /** Builds a record field by field; only tenant, actor and action are required. */
    public static final class Builder {
        private final String tenantId;
        private final ActorType actorType;
        private final String actorId;
        private final String action;
        private String capabilityId;
        private String target;
        private String rationale;
        private String approvalState;
        private String inputHash;
        private String outputHash;
        private String requestId;
        private String correlationId;
        private final Map<String, Object> metadata = new LinkedHashMap<>();

        private Builder(String tenantId, ActorType actorType, String actorId, String action) {
            this.tenantId = tenantId;
            this.actorType = actorType;
            this.actorId = actorId;
            this.action = action;
        }

        public Builder capability(String value) {
            capabilityId = value;
            return this;
        }

        public Builder target(String value) {
            target = value;
            return this;
        }

        public Builder rationale(String value) {
            rationale = value;
            return this;
        }

        public Builder approvalState(String value) {
            approvalState = value;
            return this;
        }

        public Builder inputHash(String value) {
            inputHash = value;
            return this;
        }

        public Builder outputHash(String value) {
            outputHash = value;
            return this;
        }

        public Builder requestId(String value) {
            requestId = value;
            return this;
        }

        public Builder correlationId(String value) {
            correlationId = value;
            return this;
        }

        public Builder meta(String key, Object value) {
            if (value != null) {
                metadata.put(key, value);
            }
            return this;
        }

        public AuditRecord build() {
            return new AuditRecord(tenantId, actorType, actorId, action, capabilityId, target, rationale,
                    approvalState, inputHash, outputHash, requestId, correlationId, metadata);
        }
    }
}
