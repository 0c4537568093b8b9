package studio.brain.ledger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

final class LedgerFixtures {
    private LedgerFixtures() {
    }

    static AuditRecord record(int i) {
        return AuditRecord.of("studio-main", i % 3 == 0 ? ActorType.STAFF : ActorType.SYSTEM, "actor-" + (i % 5),
                        i % 2 == 0 ? "proposal.created" : "studio_state.computed")
                .capability(i % 2 == 0 ? "firestore.ops_note.append" : null)
                .target("batches/" + i)
                .rationale(i % 4 == 0 ? "kiln 2 backlog, \"urgent\" — ünïcode ✓" : null)
                .inputHash(studio.brain.hash.ContentHash.of(i))
                .requestId("req-" + i)
                .meta("n", i)
                .meta("ratio", i / 7.0)
                .build();
    }

    /** Appends {@code n} events in one transaction and returns them. */
    static List<LedgerEvent> appendMany(DataSource ds, int n) throws SQLException {
        List<AuditRecord> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(record(i));
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            List<LedgerEvent> events = LedgerStore.append(c, records, Instant.now());
            c.commit();
            return events;
        }
    }

    static SigningKey key(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return SigningKey.loadOrCreate(dir, "studio-brain.local/ledger");
    }

    static CheckpointNote checkpoint(DataSource ds, SigningKey key) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return Checkpoints.writeIfNew(c, key, Instant.now()).orElseThrow();
        }
    }
}
