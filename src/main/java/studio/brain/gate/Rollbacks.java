package studio.brain.gate;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import studio.brain.ledger.AuditRecord;
import studio.brain.ledger.Ledger;

/**
 * A rollback is its own proposal, approved and executed like any other; its input names the proposal it undoes in
 * {@code rollbackOf}. When it executes, the original moves from {@code executed} to {@code rolled_back}.
 */
final class Rollbacks {
    static final String ROLLBACK_OF = "rollbackOf";

    private Rollbacks() {
    }

    static void completeIfRollback(Connection c, Ledger ledger, Actor actor, JsonNode input, UUID rollbackProposal,
                                   String tenantId, String requestId, Instant now) throws SQLException {
        JsonNode of = input == null ? null : input.get(ROLLBACK_OF);
        if (of == null || !of.isTextual()) {
            return;
        }
        UUID original = UUID.fromString(of.asText());
        ProposalTransitions.move(c, original, ProposalStatus.EXECUTED, ProposalStatus.ROLLED_BACK, now);
        ProposalTransitions.record(c, original, ProposalStatus.EXECUTED.value(), ProposalStatus.ROLLED_BACK.value(),
                actor, "rolled back by proposal " + rollbackProposal, now);
        ledger.append(c, List.of(AuditRecord.of(tenantId, actor.type(), actor.id(), ProposalStatus.ROLLED_BACK.ledgerAction())
                .target(original.toString()).correlationId(original.toString()).requestId(requestId)
                .approvalState(ProposalStatus.ROLLED_BACK.value()).meta("rollbackProposalId", rollbackProposal.toString())
                .build()));
    }
}
