package studio.brain.gate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import studio.brain.hash.CanonicalJson;
import studio.brain.observability.EventLog;

/**
 * After an execution whose effect nobody could confirm, staff get a drift proposal ({@code ops.recommendation}):
 * look at the resource and decide by hand. The hub does not retry, because the first send may have worked.
 */
public final class UnknownOutcomeFollowUp implements Consumer<ExecutionService.UnknownOutcome> {
    private static final EventLog LOG = EventLog.of("gate");
    static final String CAPABILITY = "ops.recommendation";

    private final ProposalGate gate;
    private final String tenantId;

    public UnknownOutcomeFollowUp(ProposalGate gate, String tenantId) {
        this.gate = gate;
        this.tenantId = tenantId;
    }

    @Override
    public void accept(ExecutionService.UnknownOutcome outcome) {
        String where = outcome.resource() == null ? "the target of proposal " + outcome.proposalId() : outcome.resource();
        ObjectNode input = CanonicalJson.mapper().createObjectNode();
        String summary = truncate("Check " + where + ": the outcome of " + outcome.capabilityId() + " is unknown");
        input.put("summary", summary);
        input.put("details", "Proposal " + outcome.proposalId() + " was sent but its effect could not be confirmed ("
                + outcome.why() + "). It will not be retried. Look at the resource and, if needed, propose the "
                + "change again or its reverse.");
        try {
            gate.submit(Actor.system("execution-drift", tenantId), new ProposalRequest(CAPABILITY, tenantId,
                    outcome.resource() == null ? outcome.proposalId().toString() : outcome.resource(), null, input,
                    "The effect of an approved action could not be confirmed and needs a human check",
                    summary, List.of("proposal:" + outcome.proposalId()), null), null);
        } catch (Exception e) {
            // The execution's own record already says "unknown"; the follow-up is a convenience on top.
            LOG.warn("execution.drift_proposal_failed", "proposalId", outcome.proposalId().toString(),
                    "error", e.getClass().getSimpleName());
        }
    }

    private static String truncate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 199) + "…";
    }
}
