package studio.brain.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import studio.brain.testing.TestDatabase;

/**
 * Random append sequences, then one random tampering by someone with database access: whatever it is, the verifier
 * names exactly the sequence number where the record stops being what was written.
 */
class LedgerTamperProperties {
    private static TestDatabase db;
    private static SigningKey key;

    enum Tampering { EDIT, DELETE, SWAP, INSERT, TRUNCATE }

    record Case(int events, Tampering tampering, int position) {
    }

    @BeforeContainer
    static void open() throws Exception {
        db = new TestDatabase();
        key = SigningKey.loadOrCreate(Files.createTempDirectory("ledger-key"), "studio-brain.local/ledger");
    }

    @AfterContainer
    static void close() {
        db.close();
    }

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(Arbitraries.integers().between(3, 60), Arbitraries.of(Tampering.class),
                        Arbitraries.doubles().between(0, 1))
                .as((n, t, where) -> new Case(n, t, 2 + (int) Math.floor(where * (n - 2))));
    }

    @Property(tries = 60)
    void verifyNamesExactlyTheTamperedSeq(@ForAll("cases") Case c) throws Exception {
        db.tamper("delete from audit_events", "delete from ledger_anchor", "delete from ledger_checkpoints");
        List<LedgerEvent> events = LedgerFixtures.appendMany(db.hub, c.events());
        LedgerFixtures.checkpoint(db.hub, key);
        long k = Math.min(c.position(), c.events() - 1);

        assertThat(LedgerVerifier.verify(db.hub, key.verifier(), 0, n -> { }).ok()).isTrue();
        long expected = tamper(c.tampering(), k, events);

        VerifyReport report = LedgerVerifier.verify(db.hub, key.verifier(), 0, n -> { });
        assertThat(report.ok()).as(c + " must be detected").isFalse();
        assertThat(report.firstBadSeq()).as(c + ": " + report.summary()).isEqualTo(expected);
        if (c.tampering() == Tampering.INSERT) {
            assertThat(report.problem()).isEqualTo(VerifyReport.Problem.INSERTED);
        }
    }

    /** Applies the tampering at seq k and returns the seq the verifier must name. */
    private static long tamper(Tampering tampering, long k, List<LedgerEvent> events) throws SQLException {
        switch (tampering) {
            case EDIT -> {
                db.tamper("update audit_events set actor_id = 'someone-else' where seq = " + k);
                return k;
            }
            case DELETE -> {
                db.tamper("delete from audit_events where seq = " + k);
                return k;
            }
            case SWAP -> {
                db.tamper("update audit_events set seq = -1 where seq = " + k,
                        "update audit_events set seq = " + k + " where seq = " + (k + 1),
                        "update audit_events set seq = " + (k + 1) + " where seq = -1");
                return k;
            }
            case INSERT -> {
                // A forged event at k, chained correctly to k-1 and hashed correctly; everything after moves up.
                LedgerEvent before = events.get((int) k - 2);
                AuditRecord intruder = AuditRecord.of("studio-main", ActorType.AGENT, "intruder", "proposal.approved")
                        .build();
                LedgerEvent unhashed = new LedgerEvent(k, before.at(), intruder, ChainHash.VERSION, before.hash(), null);
                LedgerEvent forged = new LedgerEvent(k, before.at(), intruder, ChainHash.VERSION, before.hash(),
                        ChainHash.compute(unhashed));
                db.tamper("update audit_events set seq = -seq where seq >= " + k,
                        "update audit_events set seq = -seq + 1 where seq < 0");
                insertForged(forged);
                return k;
            }
            case TRUNCATE -> {
                db.tamper("delete from audit_events where seq >= " + k);
                return k;
            }
            default -> throw new IllegalStateException();
        }
    }

    private static void insertForged(LedgerEvent withHash) throws SQLException {
        try (var c = db.owner.getConnection(); var s = c.createStatement()) {
            s.execute("set session_replication_role = replica");
            c.setAutoCommit(false);
            try (var ps = c.prepareStatement("insert into audit_events (seq, tenant_id, at, actor_type, actor_id, action, "
                    + "metadata, hash_version, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)")) {
                ps.setLong(1, withHash.seq());
                ps.setString(2, withHash.record().tenantId());
                ps.setTimestamp(3, java.sql.Timestamp.from(withHash.at()));
                ps.setString(4, withHash.record().actorType().value());
                ps.setString(5, withHash.record().actorId());
                ps.setString(6, withHash.record().action());
                ps.setString(7, "{}");
                ps.setInt(8, 1);
                ps.setString(9, withHash.prevHash());
                ps.setString(10, withHash.hash());
                ps.executeUpdate();
            }
            c.commit();
            c.setAutoCommit(true);
            s.execute("set session_replication_role = origin");
        }
    }
}
