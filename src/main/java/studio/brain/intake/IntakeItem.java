package studio.brain.intake;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One intake item as kept: identifiers, a short summary and hashes of what was posted (never the full payload),
 * the classification with its rule-pack version, the disposition and, once staff decided, their decision.
 */
public record IntakeItem(UUID id, String workItemId, String ownerUid, String actorType, String actorId, String source,
                         String summary, String descriptionHash, List<String> tags, String category, double confidence,
                         List<String> matchedRules, String rulePackVersion, String disposition, String status,
                         Instant receivedAt, Instant decidedAt, String decidedBy, String decisionReason,
                         String decisionRationale) {

    public static final String ALLOWED = "allowed";
    public static final String IN_REVIEW = "in_review";
    public static final String OVERRIDE_GRANTED = "override_granted";
    public static final String OVERRIDE_DENIED = "override_denied";

    /** As staff see it (moderation metadata included: the API serves it to staff only). */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", id.toString());
        map.put("workItemId", workItemId);
        map.put("ownerUid", ownerUid);
        map.put("actor", Map.of("type", actorType, "id", actorId == null ? "" : actorId));
        map.put("source", source);
        map.put("summary", summary);
        map.put("descriptionHash", descriptionHash);
        map.put("tags", tags);
        map.put("category", category);
        map.put("confidence", confidence);
        map.put("matchedRules", matchedRules);
        map.put("rulePackVersion", rulePackVersion);
        map.put("disposition", disposition);
        map.put("status", status);
        map.put("receivedAt", receivedAt.toString());
        map.put("decidedAt", decidedAt == null ? null : decidedAt.toString());
        map.put("decidedBy", decidedBy);
        map.put("decisionReason", decisionReason);
        map.put("decisionRationale", decisionRationale);
        return map;
    }
}
