package studio.brain.gate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What a route, an agent or staff asks the gate for: a capability applied to a target with an input, and why.
 * {@code targetOwnerUid} names whose resource it is (for owner binding); {@code workItemId} links an intake item.
 */
public record ProposalRequest(String capabilityId, String tenantId, String target, String targetOwnerUid,
                              JsonNode input, String rationale, String preview, List<String> sourceRefs,
                              String workItemId) {

    public ProposalRequest {
        sourceRefs = sourceRefs == null ? List.of() : List.copyOf(sourceRefs);
    }
}
