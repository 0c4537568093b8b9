package studio.brain.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static studio.brain.gate.GateFixture.NOTE;
import static studio.brain.gate.GateFixture.TENANT;
import static studio.brain.gate.GateFixture.staff;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import studio.brain.ledger.AuditBundle;
import studio.brain.ledger.LedgerStore;
import studio.brain.testing.TestDatabase;

/** The policy history comes back from an exported ledger into an empty database, and the gate reads the same state. */
class PolicyRebuildTest {

    @Test
    void killSwitchAndExemptionsAreRebuiltFromTheLedgerAndProven() throws Exception {
        try (GateFixture f = new GateFixture()) {
            Actor mara = staff("mara");
            f.controls.setKillSwitch(mara, true, "Smoke alarm in the kiln room, stop everything", "r1");
            f.controls.setKillSwitch(mara, false, "Alarm cleared by the fire marshal", "r2");
            f.controls.setKillSwitch(mara, true, "Power work in the building this afternoon", "r3");
            PolicyState.Exemption kept = f.controls.createExemption(mara, NOTE, "uid-a",
                    f.clock.instant().plus(Duration.ofDays(2)), "Routine shelf notes for the open studio week", "r4");
            PolicyState.Exemption revoked = f.controls.createExemption(mara, NOTE, null,
                    f.clock.instant().plus(Duration.ofDays(1)), "Notes during the glaze workshop weekend", "r5");
            f.controls.revokeExemption(mara, revoked.id(), "The workshop was cancelled this week", "r6");

            Path bundle = Files.createTempDirectory("policy-bundle");
            long head;
            try (Connection c = f.db.hub.getConnection()) {
                head = LedgerStore.head(c).seq();
            }
            AuditBundle.export(f.db.hub, f.key, 1, head, bundle, f.clock.instant());

            try (TestDatabase empty = new TestDatabase(); Connection c = empty.hub.getConnection()) {
                assertThat(PolicyRebuild.empty(c, TENANT)).isTrue();
                c.setAutoCommit(false);
                PolicyRebuild rebuild = new PolicyRebuild(c, TENANT);
                AuditBundle.events(bundle, rebuild::accept);
                PolicyRebuild.Result result = rebuild.finish();
                c.commit();

                assertThat(result.proven()).as(result.toString()).isTrue();
                assertThat(result.changesReplayed()).isEqualTo(6);
                assertThat(PolicyStore.killSwitch(c, TENANT).on()).isTrue();
                assertThat(PolicyStore.killSwitch(c, TENANT).rationale()).contains("Power work");
                List<PolicyState.Exemption> live = PolicyStore.liveExemptions(c, TENANT, f.clock.instant());
                assertThat(live).extracting(PolicyState.Exemption::id).containsExactly(kept.id());
                assertThat(live.get(0).ownerUid()).isEqualTo("uid-a");
                assertThat(PolicyStore.revoked(c, TENANT, revoked.id())).isTrue();
            }
        }
    }
}
