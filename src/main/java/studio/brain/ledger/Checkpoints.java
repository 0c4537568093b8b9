package studio.brain.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code ledger_checkpoints} table: signed notes over the chain head, append-only. */
public final class Checkpoints {
    private Checkpoints() {
    }

    /** Signs and stores a checkpoint of the current head; empty when there is nothing new since the last one. */
    public static Optional<CheckpointNote> writeIfNew(Connection c, SigningKey key, Instant now) throws SQLException {
        LedgerStore.Head head = LedgerStore.head(c);
        Optional<CheckpointNote> latest = latest(c);
        if (head.seq() == 0 || latest.isPresent() && latest.get().size() >= head.seq()) {
            return Optional.empty();
        }
        CheckpointNote note = CheckpointNote.sign(key, head.seq(), head.hash(), ChainHash.ledgerTime(now));
        try (PreparedStatement ps = c.prepareStatement("insert into ledger_checkpoints (seq, hash, created_at, key_id, note) "
                + "values (?, ?, ?, ?, ?) on conflict (seq) do nothing")) {
            ps.setLong(1, note.size());
            ps.setString(2, note.hash());
            ps.setTimestamp(3, Timestamp.from(note.at()));
            ps.setString(4, key.verifier().keyIdHex());
            ps.setString(5, note.note());
            ps.executeUpdate();
        }
        return Optional.of(note);
    }

    public static Optional<CheckpointNote> latest(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select note from ledger_checkpoints order by seq desc limit 1")) {
            return rs.next() ? Optional.of(CheckpointNote.parse(rs.getString(1))) : Optional.empty();
        }
    }

    /** Every stored checkpoint with seq in [from, to], in order, as stored (possibly tampered). */
    public static List<Stored> between(Connection c, long from, long to) throws SQLException {
        List<Stored> result = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select seq, hash, note from ledger_checkpoints "
                + "where seq >= ? and seq <= ? order by seq")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new Stored(rs.getLong(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return result;
    }

    /** A checkpoint row: its columns and its note, which must agree and carry a valid signature. */
    public record Stored(long seq, String hash, String note) {
    }
}
