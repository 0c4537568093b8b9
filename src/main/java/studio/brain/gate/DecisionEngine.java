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

    /** Deciding whether a proposal may be created ({@code action} "propose") or executed ("execute"). */
    public static Decision decide(CapabilityRules capability, Actor actor, ProposalRequest request, PolicyState state,
                                  Instant now, String action) {
        if (capability == null) {
            return deny(ReasonCode.UNKNOWN_CAPABILITY, 0, "capability: unknown " + request.capabilityId());
        }
        if (!capability.enabled()) {
            return deny(ReasonCode.CAPABILITY_DISABLED, 0, "capability: " + capability.id() + " is disabled");
        }
        if (actor.type() == ActorType.AGENT) {
            if (!actor.hasScope(capability.id(), action)) {
                return deny(ReasonCode.SCOPE_MISSING, 1, "actor: agent " + actor.id() + " lacks capability:"
                        + capability.id() + ":" + action);
            }
            if (request.targetOwnerUid() != null && !request.targetOwnerUid().equals(actor.ownerUid())) {
                return deny(ReasonCode.OWNER_MISMATCH, 1, "actor: agent acts for " + actor.ownerUid()
                        + ", resource belongs to another owner");
            }
        }
        if (!actor.tenantId().equals(request.tenantId()) || !state.hubTenantId().equals(request.tenantId())) {
            return deny(ReasonCode.TENANT_MISMATCH, 2, "tenant: actor " + actor.tenantId() + ", request "
                    + request.tenantId() + ", hub " + state.hubTenantId());
        }
        if (capability.write() && state.killSwitchOn()) {
            return deny(ReasonCode.BLOCKED_BY_POLICY, 3, "kill switch: on");
        }
        if (request.workItemId() != null && state.heldWorkItems().contains(request.workItemId())) {
            return deny(ReasonCode.INTAKE_HOLD, 4, "intake: work item " + request.workItemId()
                    + " is held for review");
        }
        if (state.quotaRetryAfter().isPresent()) {
            List<String> trace = passed(5);
            trace.add("quota: exceeded, retry after " + state.quotaRetryAfter().get().toSeconds() + " s");
            return Decision.rateLimited(state.quotaRetryAfter().get(), trace);
        }
        if (!capability.approvalRequired()) {
            return ALLOWED_WITHOUT_APPROVAL;
        }
        if (capability.exemptable()) {
            for (PolicyState.Exemption exemption : state.exemptions()) {
                if (exemption.covers(capability.id(), request.targetOwnerUid(), now)) {
                    List<String> trace = passed(6);
                    trace.add("approval: exempted by " + exemption.id() + " until " + exemption.expiresAt());
                    return new Decision(true, ReasonCode.ALLOWED, "approved", null, exemption.id(), trace);
                }
            }
        }
        return WAITING_FOR_APPROVAL;
    }

    // The checks that passed before the deciding one, as constant lines: the trace reads the same whatever the path.
    private static final List<String> PASSED = List.of("capability: enabled", "actor: allowed", "tenant: matches",
            "kill switch: off", "intake: no hold", "quota: within limits");

    /** The two common answers carry only constant lines, so they are built once: deciding allocates nothing. */
    private static final Decision ALLOWED_WITHOUT_APPROVAL = new Decision(true, ReasonCode.ALLOWED, "approved", null,
            null, with(PASSED, "approval: not required"));
    private static final Decision WAITING_FOR_APPROVAL = new Decision(true, ReasonCode.APPROVAL_REQUIRED,
            "pending_approval", null, null, with(PASSED, "approval: required"));

    private static List<String> passed(int checks) {
        return new ArrayList<>(PASSED.subList(0, checks));
    }

    private static Decision deny(ReasonCode reason, int passedChecks, String detail) {
        List<String> trace = passed(passedChecks);
        trace.add(detail);
        return Decision.deny(reason, trace);
    }

    private static List<String> with(List<String> lines, String last) {
        List<String> all = new ArrayList<>(lines);
        all.add(last);
        return List.copyOf(all);
    }
}
