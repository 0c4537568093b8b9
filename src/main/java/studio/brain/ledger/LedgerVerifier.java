package studio.brain.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.stream.IntStream;
import javax.sql.DataSource;

/** Verifies the ledger in the database: the chain from the anchor (or a given seq) and every signed checkpoint. */
public final class LedgerVerifier {
    private static final int BATCH = 4_096;

    private LedgerVerifier() {
    }

    /** Thrown inside the row stream to stop reading once the walker found a problem. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    /**
     * @param fromSeq  first seq to check (0 or 1: from the start or the purge anchor)
     * @param progress told how many events were checked, every few thousand
     */
    public static VerifyReport verify(DataSource dataSource, SigningKey.VerifierKey key, long fromSeq,
                                      LongConsumer progress) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Optional<LedgerStore.Head> anchor = LedgerStore.anchor(c);
            long first = Math.max(Math.max(fromSeq, 1), anchor.map(a -> a.seq() + 1).orElse(1L));
            if (anchor.isPresent()) {
                Optional<VerifyReport> badAnchor = checkAnchor(c, anchor.get(), key, first);
                if (badAnchor.isPresent()) {
                    return badAnchor.get();
                }
            }
            String prevHash;
            if (anchor.isPresent() && first == anchor.get().seq() + 1) {
                prevHash = anchor.get().hash();
            } else if (first == 1) {
                prevHash = ChainHash.GENESIS;
            } else {
                Optional<String> before = hashAt(c, first - 1);
                if (before.isEmpty()) {
                    return new VerifyReport(false, first, first - 1, 0, 0, first - 1, VerifyReport.Problem.DELETED,
                            "seq " + (first - 1) + ", where verification was asked to start from, is missing");
                }
                prevHash = before.get();
            }
            ChainWalker walker = new ChainWalker(first, prevHash, Checkpoints.between(c, first, Long.MAX_VALUE), key);
            long[] count = {0};
            try {
                LedgerStore.streamForVerify(c, first, BATCH, batch -> {
                    // Hashing is the expensive part and each event's hash depends only on the event: compute them
                    // on all cores, then walk the batch in order.
                    String[] hashes = new String[batch.size()];
                    IntStream.range(0, batch.size()).parallel().forEach(i -> hashes[i] = recompute(batch.get(i)));
                    for (int i = 0; i < batch.size(); i++) {
                        LedgerStore.VerifyRow row = batch.get(i);
                        if (row.unreadable() != null) {
                            throw (UnreadableEventException) row.unreadable();
                        }
                        if (!walker.accept(row.event(), hashes[i])) {
                            throw new Stop();
                        }
                    }
                    count[0] += batch.size();
                    progress.accept(count[0]);
                });
            } catch (Stop stopped) {
                // the walker holds the problem
            } catch (UnreadableEventException unreadable) {
                walker.unreadable(unreadable.seq());
            }
            progress.accept(count[0]);
            return walker.finish();
        }
    }

    private static String recompute(LedgerStore.VerifyRow row) {
        if (row.event() == null || row.event().hashVersion() != ChainHash.VERSION) {
            return null;
        }
        try {
            return ChainHash.compute(row.event(), row.metadataCanonical());
        } catch (RuntimeException e) {
            return "unhashable";
        }
    }

    /** The anchor must be a checkpoint signed by this key, naming the same hash the anchor holds. */
    private static Optional<VerifyReport> checkAnchor(Connection c, LedgerStore.Head anchor, SigningKey.VerifierKey key,
                                                      long first) throws SQLException {
        for (Checkpoints.Stored stored : Checkpoints.between(c, anchor.seq(), anchor.seq())) {
            CheckpointNote note = CheckpointNote.parse(stored.note());
            if (note.verifiedBy(key) && note.hash().equals(anchor.hash()) && note.size() == anchor.seq()) {
                return Optional.empty();
            }
        }
        return Optional.of(new VerifyReport(false, first, anchor.seq(), 0, 0, anchor.seq(),
                VerifyReport.Problem.BAD_SIGNATURE, "the purge anchor at seq " + anchor.seq()
                + " is not a checkpoint signed by this hub's key"));
    }

    private static Optional<String> hashAt(Connection c, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select hash from audit_events where seq = ?")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    public static long count(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); var s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from audit_events")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
