package studio.brain.gate;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import studio.brain.ledger.ActorType;

/**
 * Who is asking, as resolved from a credential: the kind of actor, its id, the studio (tenant) it acts in, and —
 * for an AI agent — the human owner it acts for and the scopes its delegation grants
 * ({@code capability:<id>:propose}, {@code capability:<id>:execute}). Staff carry their roles instead. The trace
 * says how the resolution went, for the audit record and for denials.
 */
public record Actor(ActorType type, String id, String tenantId, String ownerUid, String delegationId,
                    Set<String> roles, Set<String> scopes, List<String> trace) {

    public Actor {
        Objects.requireNonNull(type, "type");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("an actor needs an id");
        }
        if (tenantId == null || tenantId.isBlank()) {
            throw new IllegalArgumentException("an actor acts in a tenant");
        }
        roles = roles == null ? Set.of() : Set.copyOf(roles);
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
        trace = trace == null ? List.of() : List.copyOf(trace);
        if (type == ActorType.AGENT && (ownerUid == null || delegationId == null)) {
            throw new IllegalArgumentException("an agent acts only through a delegation from an owner");
        }
    }

    public static Actor staff(String id, String tenantId, Set<String> roles) {
        return new Actor(ActorType.STAFF, id, tenantId, null, null, roles, Set.of(), List.of("staff:" + id));
    }

    public static Actor system(String routeId, String tenantId) {
        return new Actor(ActorType.SYSTEM, "route:" + routeId, tenantId, null, null, Set.of(), Set.of(),
                List.of("system:" + routeId));
    }

    public static Actor agent(String agentUid, String tenantId, String ownerUid, String delegationId, Set<String> scopes,
                              List<String> trace) {
        return new Actor(ActorType.AGENT, agentUid, tenantId, ownerUid, delegationId, Set.of(), scopes, trace);
    }

    public boolean isStaff() {
        return type == ActorType.STAFF;
    }

    public boolean hasScope(String capabilityId, String action) {
        return scopes.contains("capability:" + capabilityId + ":" + action);
    }
}
