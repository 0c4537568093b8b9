package studio.brain.gate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the decision depends on besides the capability, the actor and the request, read at one moment:
 * anchor-mode writes, the kill switch, live exemptions, work items on intake hold, and the quota buckets that would
 * overflow.
 */
public record PolicyState(String hubTenantId, boolean writesEnabled, boolean killSwitchOn, List<Exemption> exemptions,
                          Set<String> heldWorkItems, Optional<Duration> quotaRetryAfter) {

    public PolicyState {
        exemptions = List.copyOf(exemptions);
        heldWorkItems = Set.copyOf(heldWorkItems);
    }

    /** A time-bounded exemption from approval for one capability, optionally only for one owner's resources. */
    public record Exemption(String id, String capabilityId, String ownerUid, Instant expiresAt, String approvedBy,
                            String justification) {

        public boolean covers(String capability, String resourceOwner, Instant now) {
            return capabilityId.equals(capability) && now.isBefore(expiresAt)
                    && (ownerUid == null || ownerUid.equals(resourceOwner));
        }
    }
}
