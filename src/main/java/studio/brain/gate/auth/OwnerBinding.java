package studio.brain.gate.auth;

import java.util.Optional;
import studio.brain.gate.Actor;
import studio.brain.gate.ReasonCode;

/**
 * Binds an actor to the owner of the resource it acts on, against the confused deputy: an agent delegated by owner A
 * acts on A's resources only, however its request names the target. A studio member likewise acts on their own.
 * Staff and the hub's routes act for the whole studio and are not bound to an owner.
 */
public final class OwnerBinding {
    private OwnerBinding() {
    }

    /**
     * Whether the actor may act on a resource owned by {@code resourceOwnerUid}. A resource with no owner (studio-wide)
     * belongs to no member, so no agent or member owns it.
     */
    public static boolean ownsResource(Actor actor, String resourceOwnerUid) {
        return switch (actor.type()) {
            case STAFF, SYSTEM -> true;
            case AGENT -> resourceOwnerUid != null && resourceOwnerUid.equals(actor.ownerUid());
            case HUMAN -> resourceOwnerUid != null && resourceOwnerUid.equals(actor.id());
        };
    }

    /** Empty when the actor may act on the resource, else {@link ReasonCode#OWNER_MISMATCH}. */
    public static Optional<ReasonCode> check(Actor actor, String resourceOwnerUid) {
        return ownsResource(actor, resourceOwnerUid) ? Optional.empty() : Optional.of(ReasonCode.OWNER_MISMATCH);
    }
}
