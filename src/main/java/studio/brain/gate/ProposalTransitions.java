package studio.brain.gate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The {@code proposal_transitions} rows: every status change with who made it and why. */
final class ProposalTransitions {
    private ProposalTransitions() {
    }

    record Transition(UUID proposalId, String from, String to, Actor actor, String rationale, Instant at) {
    }

    static void record(Connection c, UUID proposalId, String from, String to, Actor actor, String rationale, Instant at)
            throws SQLException {
        recordAll(c, List.of(new Transition(proposalId, from, to, actor, rationale, at)));
    }

    /** Moves the proposal from one status to the next, or refuses when someone else moved it first. */
    static void move(Connection c, UUID proposalId, ProposalStatus from, ProposalStatus to, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update proposals set status = ?, updated_at = ? where id = ? "
                + "and status = ?")) {
            ps.setString(1, to.value());
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setObject(3, proposalId);
            ps.setString(4, from.value());
            if (ps.executeUpdate() != 1) {
                throw new GateException(ReasonCode.ALREADY_DECIDED, "the proposal is no longer " + from.value());
            }
        }
    }

    /** Writes the transitions together, in one round trip to the database. */
    static void recordAll(Connection c, List<Transition> transitions) throws SQLException {
        if (transitions.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("insert into proposal_transitions (proposal_id, from_status, "
                + "to_status, actor_type, actor_id, rationale, at) values (?, ?, ?, ?, ?, ?, ?)")) {
            for (Transition t : transitions) {
                ps.setObject(1, t.proposalId());
                ps.setString(2, t.from());
                ps.setString(3, t.to());
                ps.setString(4, t.actor().type().value());
                ps.setString(5, t.actor().id());
                ps.setString(6, t.rationale());
                ps.setTimestamp(7, Timestamp.from(t.at()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
