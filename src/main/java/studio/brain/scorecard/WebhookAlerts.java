package studio.brain.scorecard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;
import studio.brain.gate.Actor;
import studio.brain.gate.ProposalGate;
import studio.brain.gate.ProposalRequest;
import studio.brain.hash.CanonicalJson;
import studio.brain.observability.EventLog;

/**
 * Breach alerts as {@code notify.webhook} proposals through the gate: one notice per run naming every breach. The
 * gate decides: while the capability is disabled the proposal is denied (and recorded), otherwise it waits for a
 * staff approval unless a live exemption covers it. Nothing here sends anything; delivery is the execution route's.
 */
public final class WebhookAlerts implements BreachAlerts {
    static final String CAPABILITY = "notify.webhook";
    private static final EventLog LOG = EventLog.of("scorecard");
    private static final int MAX_MESSAGE = 1000;

    private final ProposalGate gate;
    private final String tenantId;
    private final String channel;

    public WebhookAlerts(ProposalGate gate, String tenantId, String channel) {
        this.gate = gate;
        this.tenantId = tenantId;
        this.channel = channel;
    }

    @Override
    public String raise(List<Crossing> breaches, Instant computedAt) {
        String message = message(breaches, computedAt);
        ObjectNode input = CanonicalJson.mapper().createObjectNode();
        input.put("channel", channel);
        input.put("message", message);
        try {
            ProposalGate.Outcome outcome = gate.submit(Actor.system(Crossings.ACTOR, tenantId), new ProposalRequest(
                    CAPABILITY, tenantId, channel, null, input,
                    "A scorecard indicator crossed its threshold; staff should hear of it", message,
                    breaches.stream().map(b -> "scorecard:" + b.result().indicator().key()).toList(), null), null);
            return outcome.allowed() ? "proposed " + outcome.proposalId() + " (" + outcome.status() + ")"
                    : "denied by the gate: " + outcome.reason();
        } catch (Exception e) {
            // The breach itself is in the ledger already; the alert is a convenience on top.
            LOG.warn("scorecard.alert_not_proposed", "error", e.getClass().getSimpleName());
            return "not proposed: " + e.getClass().getSimpleName();
        }
    }

    static String message(List<Crossing> breaches, Instant computedAt) {
        String text = "Studio Brain scorecard " + computedAt.truncatedTo(ChronoUnit.SECONDS) + ": " + breaches.stream()
                .map(b -> b.result().indicator().title() + " " + b.result().status().wireName() + " ("
                        + b.result().value().map(ScorecardPolicyLoader::number).orElse("?") + " "
                        + b.result().indicator().unit().wireName() + "; owner " + b.result().threshold().owner() + ")")
                .collect(Collectors.joining("; "));
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE - 1) + "…";
    }
}
