package studio.brain.gate;

import java.time.Duration;
import java.util.List;

/**
 * The part of a capability the gate reads: whether it writes, needs approval, may be exempted, is enabled, and its
 * quota limits. Built from the registry's capability; kept this small so the decision stays a pure function.
 */
public record CapabilityRules(String id, boolean write, boolean approvalRequired, boolean exemptable, boolean enabled,
                              List<QuotaLimit> limits, Duration dedupeWindow, boolean dryRunBeforeExecution) {

    public CapabilityRules {
        limits = limits == null ? List.of() : List.copyOf(limits);
        dedupeWindow = dedupeWindow == null ? Duration.ofHours(24) : dedupeWindow;
    }

    public CapabilityRules(String id, boolean write, boolean approvalRequired, boolean exemptable, boolean enabled) {
        this(id, write, approvalRequired, exemptable, enabled, List.of(), null);
    }

    public CapabilityRules(String id, boolean write, boolean approvalRequired, boolean exemptable, boolean enabled,
                           List<QuotaLimit> limits, Duration dedupeWindow) {
        this(id, write, approvalRequired, exemptable, enabled, limits, dedupeWindow, false);
    }

    /** At most {@code max} uses per {@code window}, counted per actor, owner, capability or tenant. */
    public record QuotaLimit(Scope scope, int max, Duration window) {
        public enum Scope { ACTOR, OWNER, CAPABILITY, TENANT }
    }
}
