package studio.brain.ledger;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Retention for the ledger: removes events older than a date, but only up to the newest signed checkpoint whose
 * events are all older, which then becomes the anchor the remaining chain is verified from.
 */
public final class LedgerPurge {
    private LedgerPurge() {
    }

    /** What a purge did: through which checkpoint, and how many events went. Empty when nothing could go. */
    public record Purged(long throughSeq, String anchorHash, long removed) {
    }

    public static Optional<Purged> purgeBefore(DataSource dataSource, Instant before) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Optional<Purged> result = purge(c, before);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static Optional<Purged> purge(Connection c, Instant before) throws SQLException {
        long floor = LedgerStore.anchor(c).map(LedgerStore.Head::seq).orElse(0L);
        // The newest checkpoint above the current anchor whose event is older than the cut-off; events are
        // appended in time order, so everything up to it is older too.
        String sql = "select k.seq, k.hash from ledger_checkpoints k join audit_events e on e.seq = k.seq "
                + "where k.seq > ? and e.at < ? order by k.seq desc limit 1";
        long through;
        String hash;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, floor);
            ps.setTimestamp(2, Timestamp.from(before));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                through = rs.getLong(1);
                hash = rs.getString(2);
            }
        }
        try (CallableStatement call = c.prepareCall("select ledger_purge_through(?)")) {
            call.setLong(1, through);
            try (ResultSet rs = call.executeQuery()) {
                rs.next();
                return Optional.of(new Purged(through, hash, rs.getLong(1)));
            }
        }
    }
}
