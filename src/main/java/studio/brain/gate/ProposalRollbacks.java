package studio.brain.gate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.sql.DataSource;
import studio.brain.ledger.AuditRecord;
import studio.brain.ledger.Ledger;

/**
 * Staff ask to undo an executed action: its capability's planner says how, and the undo is submitted through the
 * gate as its own proposal (which needs its own approval), recorded as {@code rollback.invoked} with who asked. The
 * rollback proposal is the hub's ({@code route:rollback}), not the asker's, so that staff may approve it — with one
 * local admin there is no second person — and the decision is still a recorded, rationale-bearing approval. Nothing
 * is undone until that proposal is approved and executed.
 */
public final class ProposalRollbacks {
    private final Supplier<DataSource> dataSource;
    private final ProposalGate gate;
    private final Ledger ledger;
    private final String tenantId;
    private final Map<String, RollbackPlanner> planners = new ConcurrentHashMap<>();

    public ProposalRollbacks(Supplier<DataSource> dataSource, ProposalGate gate, Ledger ledger, String tenantId) {
        this.dataSource = dataSource;
        this.gate = gate;
        this.ledger = ledger;
        this.tenantId = tenantId;
    }

    public void register(String capabilityId, RollbackPlanner planner) {
        planners.put(capabilityId, planner);
    }

    public boolean supports(String capabilityId) {
        return planners.containsKey(capabilityId);
    }

    public ProposalGate.Outcome invoke(Actor actor, UUID proposalId, String rationale, String requestId)
            throws SQLException {
        RollbackPlanner.Executed original = executed(proposalId).orElseThrow(() -> new GateException(
                ReasonCode.ALREADY_DECIDED, "only an executed proposal can be rolled back"));
        RollbackPlanner planner = planners.get(original.capabilityId());
        if (planner == null) {
            throw new GateException(ReasonCode.INVALID_INPUT, original.capabilityId() + " has no rollback");
        }
        RollbackPlanner.Plan plan = planner.plan(original);
        plan.input().put(Rollbacks.ROLLBACK_OF, proposalId.toString());
        ProposalGate.Outcome outcome = gate.submit(Actor.system("rollback", tenantId), new ProposalRequest(plan.capabilityId(), tenantId,
                plan.target(), null, plan.input(), rationale, plan.preview(),
                List.of("proposal:" + proposalId, "requested-by:" + actor.type().value() + ":" + actor.id()), null),
                requestId);
        ledger.append(AuditRecord.of(tenantId, actor.type(), actor.id(), "rollback.invoked")
                .capability(original.capabilityId()).target(proposalId.toString())
                .correlationId(proposalId.toString()).requestId(requestId)
                .meta("rollbackCapability", plan.capabilityId())
                .meta("rollbackProposalId", outcome.proposalId() == null ? null : outcome.proposalId().toString())
                .meta("reason", outcome.reason().name())
                .meta("resource", original.resource()).build());
        return outcome;
    }

    private Optional<RollbackPlanner.Executed> executed(UUID proposalId) throws SQLException {
        try (Connection c = dataSource.get().getConnection();
             PreparedStatement ps = c.prepareStatement("select p.capability_id, p.target, p.input::text, e.resource "
                     + "from proposals p join executions e on e.proposal_id = p.id "
                     + "where p.id = ? and p.tenant_id = ? and p.status = 'executed'")) {
            ps.setObject(1, proposalId);
            ps.setString(2, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new RollbackPlanner.Executed(proposalId, rs.getString(1), rs.getString(2),
                        ProposalGate.json(rs.getString(3)), rs.getString(4)));
            }
        }
    }
}
