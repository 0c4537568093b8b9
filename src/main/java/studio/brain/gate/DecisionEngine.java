package studio.brain.gate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import studio.brain.ledger.ActorType;

/**
 * The gate's decision, a pure function of (capability, actor, request, policy state, time), checked in one fixed,
 * documented order — the first failing check decides:
 * <ol>
 *   <li>capability known and enabled</li>
 *   <li>actor allowed to ask: agents need the scope and may only ask about their owner's resources</li>
 *   <li>tenant: actor, request and hub name the same studio</li>
 *   <li>kill switch off (for capabilities that write)</li>
 *   <li>no intake hold on the related work item</li>
 *   <li>quotas not exceeded</li>
 *   <li>approval: none needed, or a live exemption, or the proposal waits for a human</li>
 * </ol>
 */
public final class DecisionEngine {
    private DecisionEngine() {
    }

    // Passing checks add constant strings and only a failing one builds its details: decisions sit on every
    // proposal's path and must cost well under a microsecond.

    /** Deciding whether a proposal may be created ({@code action} "propose") or executed ("execute"). */
    public static Decision decide(CapabilityRules capability, Actor actor, ProposalRequest request, PolicyState state,
                                  Instant now, String action) {
        List<String> trace = new ArrayList<>(8);
        if (capability == null) {
            trace.add("capability: unknown " + request.capabilityId());
            return Decision.deny(ReasonCode.UNKNOWN_CAPABILITY, trace);
        }
        if (!capability.enabled()) {
            trace.add("capability: " + capability.id() + " is disabled");
            return Decision.deny(ReasonCode.CAPABILITY_DISABLED, trace);
        }
        trace.add("capability: enabled");

        if (actor.type() == ActorType.AGENT) {
            if (!actor.hasScope(capability.id(), action)) {
                trace.add("actor: agent " + actor.id() + " lacks capability:" + capability.id() + ":" + action);
                return Decision.deny(ReasonCode.SCOPE_MISSING, trace);
            }
            if (request.targetOwnerUid() != null && !request.targetOwnerUid().equals(actor.ownerUid())) {
                trace.add("actor: agent acts for " + actor.ownerUid() + ", resource belongs to another owner");
                return Decision.deny(ReasonCode.OWNER_MISMATCH, trace);
            }
        }
        trace.add("actor: allowed");

        if (!actor.tenantId().equals(request.tenantId()) || !state.hubTenantId().equals(request.tenantId())) {
            trace.add("tenant: actor " + actor.tenantId() + ", request " + request.tenantId() + ", hub "
                    + state.hubTenantId());
            return Decision.deny(ReasonCode.TENANT_MISMATCH, trace);
        }
        trace.add("tenant: matches");

        if (capability.write() && state.killSwitchOn()) {
            trace.add("kill switch: on");
            return Decision.deny(ReasonCode.BLOCKED_BY_POLICY, trace);
        }
        trace.add("kill switch: off");

        if (request.workItemId() != null && state.heldWorkItems().contains(request.workItemId())) {
            trace.add("intake: work item " + request.workItemId() + " is held for review");
            return Decision.deny(ReasonCode.INTAKE_HOLD, trace);
        }

        if (state.quotaRetryAfter().isPresent()) {
            trace.add("quota: exceeded, retry after " + state.quotaRetryAfter().get().toSeconds() + " s");
            return Decision.rateLimited(state.quotaRetryAfter().get(), trace);
        }
        trace.add("quota: within limits");

        if (!capability.approvalRequired()) {
            trace.add("approval: not required");
            return new Decision(true, ReasonCode.ALLOWED, "approved", null, null, trace);
        }
        if (capability.exemptable()) {
            for (PolicyState.Exemption exemption : state.exemptions()) {
                if (exemption.covers(capability.id(), request.targetOwnerUid(), now)) {
                    trace.add("approval: exempted by " + exemption.id() + " until " + exemption.expiresAt());
                    return new Decision(true, ReasonCode.ALLOWED, "approved", null, exemption.id(), trace);
                }
            }
        }
        trace.add("approval: required");
        return new Decision(true, ReasonCode.APPROVAL_REQUIRED, "pending_approval", null, null, trace);
    }
}
