package studio.brain.gate;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A proposal's life: {@code pending_approval → approved | rejected | expired}; {@code rejected → pending_approval}
 * only by a reopen; {@code approved → executing → executed | failed}; {@code executed → rolled_back}. Anything else
 * is refused.
 */
public enum ProposalStatus {
    PENDING_APPROVAL, APPROVED, REJECTED, EXPIRED, EXECUTING, EXECUTED, FAILED, ROLLED_BACK;

    private static final Map<ProposalStatus, Set<ProposalStatus>> NEXT = Map.of(
            PENDING_APPROVAL, Set.of(APPROVED, REJECTED, EXPIRED),
            REJECTED, Set.of(PENDING_APPROVAL),
            APPROVED, Set.of(EXECUTING, EXPIRED),
            EXECUTING, Set.of(EXECUTED, FAILED),
            EXECUTED, Set.of(ROLLED_BACK),
            EXPIRED, Set.of(),
            FAILED, Set.of(),
            ROLLED_BACK, Set.of());

    public boolean canBecome(ProposalStatus next) {
        return NEXT.get(this).contains(next);
    }

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ProposalStatus parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** The ledger action for arriving in this status: proposal.approved, proposal.rolled_back, … */
    public String ledgerAction() {
        return "proposal." + switch (this) {
            case PENDING_APPROVAL -> "reopened";
            default -> value();
        };
    }
}
