package studio.brain.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.testing.TestDatabase;

class AuditBundleTest {
    @TempDir
    Path work;

    @Test
    void anExportedBundleVerifiesOfflineAndFailsAfterAnyOneByteChanges() throws Exception {
        SigningKey key = LedgerFixtures.key(work.resolve("data"));
        Path bundle = work.resolve("bundle");
        try (TestDatabase db = new TestDatabase()) {
            LedgerFixtures.appendMany(db.hub, 40);
            LedgerFixtures.checkpoint(db.hub, key);
            LedgerFixtures.appendMany(db.hub, 10);
            AuditBundle.Exported exported = AuditBundle.export(db.hub, key, 5, 45, bundle, Instant.now());
            assertThat(exported.count()).isEqualTo(41);
        }
        // The database is gone; the bundle alone proves itself.
        VerifyReport ok = AuditBundle.verify(bundle, key.verifier());
        assertThat(ok.ok()).as(ok.summary()).isTrue();
        assertThat(ok.checkpointsChecked()).isEqualTo(1);

        for (String file : new String[] {AuditBundle.EVENTS, AuditBundle.MANIFEST, AuditBundle.SIGNATURE}) {
            byte[] original = Files.readAllBytes(bundle.resolve(file));
            for (int position : new int[] {0, original.length / 3, original.length / 2, original.length - 2}) {
                byte[] changed = original.clone();
                changed[position] = (byte) (changed[position] == 'a' ? 'b' : 'a');
                Files.write(bundle.resolve(file), changed);
                VerifyReport report;
                try {
                    report = AuditBundle.verify(bundle, key.verifier());
                } catch (Exception unreadable) {
                    report = null; // refusing to read it is failing too
                }
                assertThat(report == null || !report.ok()).as(file + " byte " + position).isTrue();
            }
            Files.write(bundle.resolve(file), original);
        }
        assertThat(AuditBundle.verify(bundle, key.verifier()).ok()).isTrue();

        SigningKey stranger = LedgerFixtures.key(work.resolve("stranger"));
        assertThat(AuditBundle.verify(bundle, stranger.verifier()).ok()).isFalse();
    }

    @Test
    void purgeRemovesOnlyUpToASignedCheckpointAndVerificationPassesFromTheAnchor() throws Exception {
        SigningKey key = LedgerFixtures.key(work.resolve("data"));
        try (TestDatabase db = new TestDatabase()) {
            LedgerFixtures.appendMany(db.hub, 30);
            assertThat(LedgerPurge.purgeBefore(db.hub, Instant.now().plus(1, ChronoUnit.DAYS)))
                    .as("no checkpoint yet: nothing may go").isEmpty();
            CheckpointNote first = LedgerFixtures.checkpoint(db.hub, key);
            LedgerFixtures.appendMany(db.hub, 20);

            LedgerPurge.Purged purged = LedgerPurge.purgeBefore(db.hub, Instant.now().plus(1, ChronoUnit.DAYS))
                    .orElseThrow();
            assertThat(purged.throughSeq()).isEqualTo(first.size()).isEqualTo(30);
            assertThat(purged.removed()).isEqualTo(30);

            VerifyReport report = LedgerVerifier.verify(db.hub, key.verifier(), 0, n -> { });
            assertThat(report.ok()).as(report.summary()).isTrue();
            assertThat(report.fromSeq()).isEqualTo(31);
            assertThat(report.eventsChecked()).isEqualTo(20);

            LedgerEvent next = LedgerFixtures.appendMany(db.hub, 1).get(0);
            assertThat(next.seq()).isEqualTo(51);
            assertThat(LedgerVerifier.verify(db.hub, key.verifier(), 0, n -> { }).ok()).isTrue();
        }
    }
}
