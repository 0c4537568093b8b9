package studio.brain.gate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/** The {@code proposal_transitions} rows: every status change with who made it and why. */
final class ProposalTransitions {
    private ProposalTransitions() {
    }

    static void record(Connection c, UUID proposalId, String from, String to, Actor actor, String rationale, Instant at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into proposal_transitions (proposal_id, from_status, "
                + "to_status, actor_type, actor_id, rationale, at) values (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, proposalId);
            ps.setString(2, from);
            ps.setString(3, to);
            ps.setString(4, actor.type().value());
            ps.setString(5, actor.id());
            ps.setString(6, rationale);
            ps.setTimestamp(7, Timestamp.from(at));
            ps.executeUpdate();
        }
    }
}
