package studio.brain.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.hash.CanonicalJson;
import studio.brain.testing.TestDatabase;

class LedgerTest {
    @TempDir
    Path dataDir;

    @Test
    void appendedEventsVerifyAndTheFastCanonicalFormEqualsTheGeneralOne() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            List<LedgerEvent> events = LedgerFixtures.appendMany(db.hub, 50);
            assertThat(events.get(0).seq()).isEqualTo(1);
            assertThat(events.get(0).prevHash()).isEqualTo(ChainHash.GENESIS);
            for (int i = 1; i < events.size(); i++) {
                assertThat(events.get(i).prevHash()).isEqualTo(events.get(i - 1).hash());
            }
            for (LedgerEvent e : events) {
                assertThat(ChainHash.canonical(e)).isEqualTo(CanonicalJson.of(e.toMap(false)));
            }
            SigningKey key = LedgerFixtures.key(dataDir);
            LedgerFixtures.checkpoint(db.hub, key);
            VerifyReport report = LedgerVerifier.verify(db.hub, key.verifier(), 0, n -> { });
            assertThat(report.ok()).as(report.summary()).isTrue();
            assertThat(report.eventsChecked()).isEqualTo(50);
            assertThat(report.checkpointsChecked()).isEqualTo(1);
        }
    }

    @Test
    void postgresRefusesUpdateDeleteAndTruncateOfTheLedger() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            LedgerFixtures.appendMany(db.hub, 3);
            for (var ds : List.of(db.hub, db.owner)) {
                for (String sql : List.of("update audit_events set rationale = 'changed' where seq = 2",
                        "delete from audit_events where seq = 3", "truncate audit_events")) {
                    assertThatThrownBy(() -> execute(ds, sql)).as(sql).isInstanceOf(SQLException.class);
                }
            }
            assertThatThrownBy(() -> execute(db.hub, "update ledger_checkpoints set hash = 'x'"))
                    .isInstanceOf(SQLException.class);
            try (Connection c = db.hub.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select count(*) from audit_events")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(3);
            }
        }
    }

    @Test
    void anEditAsSuperuserWithTheTriggerDisabledIsNamedBySeq() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            LedgerFixtures.appendMany(db.hub, 20);
            SigningKey key = LedgerFixtures.key(dataDir);
            LedgerFixtures.checkpoint(db.hub, key);
            db.tamper("update audit_events set rationale = 'nothing to see' where seq = 13");
            VerifyReport report = LedgerVerifier.verify(db.hub, key.verifier(), 0, n -> { });
            assertThat(report.ok()).isFalse();
            assertThat(report.firstBadSeq()).isEqualTo(13);
            assertThat(report.problem()).isEqualTo(VerifyReport.Problem.EDITED);
        }
    }

    @Test
    void aTruncatedTailAndAForgedCheckpointAreDetected() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            LedgerFixtures.appendMany(db.hub, 30);
            SigningKey key = LedgerFixtures.key(dataDir);
            LedgerFixtures.checkpoint(db.hub, key);
            db.tamper("delete from audit_events where seq > 25");
            VerifyReport truncated = LedgerVerifier.verify(db.hub, key.verifier(), 0, n -> { });
            assertThat(truncated.problem()).isEqualTo(VerifyReport.Problem.TRUNCATED);
            assertThat(truncated.firstBadSeq()).isEqualTo(26);

            SigningKey other = LedgerFixtures.key(dataDir.resolve("other"));
            VerifyReport wrongKey = LedgerVerifier.verify(db.hub, other.verifier(), 0, n -> { });
            assertThat(wrongKey.ok()).isFalse();
        }
        try (TestDatabase db = new TestDatabase()) {
            LedgerFixtures.appendMany(db.hub, 10);
            SigningKey key = LedgerFixtures.key(dataDir);
            CheckpointNote note = LedgerFixtures.checkpoint(db.hub, key);
            String forged = note.note().replace("\n10\n", "\n10\n").replace(note.text().split("\n")[3], "time 2020-01-01T00:00:00.000000Z");
            db.tamper("update ledger_checkpoints set note = '" + forged + "' where seq = 10");
            VerifyReport report = LedgerVerifier.verify(db.hub, key.verifier(), 0, n -> { });
            assertThat(report.problem()).isEqualTo(VerifyReport.Problem.BAD_SIGNATURE);
            assertThat(report.firstBadSeq()).isEqualTo(10);
        }
    }

    @Test
    void groupCommitFromManyThreadsAndTwoHubsKeepsOneChain() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            var second = db.openHubPool("second-hub");
            SigningKey key = LedgerFixtures.key(dataDir);
            try (Ledger a = new Ledger(() -> db.hub, Clock.systemUTC(), key, 1_000, Duration.ofMinutes(10));
                 Ledger b = new Ledger(() -> second, Clock.systemUTC(), key, 1_000, Duration.ofMinutes(10))) {
                ExecutorService pool = Executors.newFixedThreadPool(8);
                List<Future<LedgerEvent>> futures = new ArrayList<>();
                for (int i = 0; i < 2_000; i++) {
                    Ledger ledger = i % 2 == 0 ? a : b;
                    int n = i;
                    futures.add(pool.submit(() -> ledger.append(LedgerFixtures.record(n))));
                }
                Set<Long> seqs = new HashSet<>();
                for (Future<LedgerEvent> f : futures) {
                    seqs.add(f.get().seq());
                }
                pool.shutdown();
                assertThat(seqs).hasSize(2_000);
                assertThat(seqs).allMatch(s -> s >= 1 && s <= 2_000);
            }
            VerifyReport report = LedgerVerifier.verify(db.hub, key.verifier(), 0, n -> { });
            assertThat(report.ok()).as(report.summary()).isTrue();
            assertThat(report.eventsChecked()).isEqualTo(2_000);
            assertThat(report.checkpointsChecked()).as("written at close").isPositive();
        }
    }

    @Test
    void theSigningKeyIsCreatedPrivateAndReloadedTheSame() throws Exception {
        SigningKey created = LedgerFixtures.key(dataDir);
        Path file = dataDir.resolve(SigningKey.FILE_NAME);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        SigningKey reloaded = LedgerFixtures.key(dataDir);
        assertThat(reloaded.verifier()).isEqualTo(created.verifier());
        String text = created.verifier().text();
        assertThat(text).startsWith("studio-brain.local/ledger+").matches(".+\\+[0-9a-f]{8}\\+[A-Za-z0-9+/=]{44}");
        assertThat(SigningKey.VerifierKey.parse(text)).isEqualTo(created.verifier());
        CheckpointNote note = CheckpointNote.sign(created, 7, studio.brain.hash.ContentHash.of("x"), java.time.Instant.now());
        assertThat(note.note()).contains("\n\n\u2014 studio-brain.local/ledger ");
        assertThat(CheckpointNote.parse(note.note()).verifiedBy(reloaded.verifier())).isTrue();
        Files.writeString(file, "garbage\n");
        assertThatThrownBy(() -> LedgerFixtures.key(dataDir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not a valid Ed25519 key");
    }

    private static void execute(javax.sql.DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
