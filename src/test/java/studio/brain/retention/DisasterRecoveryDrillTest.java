package studio.brain.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static studio.brain.retention.RetentionFixture.TENANT;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.gate.Actor;
import studio.brain.gate.CapabilityCatalog;
import studio.brain.gate.CapabilityRules;
import studio.brain.gate.PolicyControls;
import studio.brain.gate.PolicyState;
import studio.brain.gate.PolicyStore;
import studio.brain.ledger.ActorType;
import studio.brain.ledger.AuditBundle;
import studio.brain.ledger.LedgerStore;
import studio.brain.ledger.LedgerVerifier;
import studio.brain.state.MetricReading;
import studio.brain.state.StateRebuild;
import studio.brain.state.StudioStateService;
import studio.brain.state.StudioStateStore;
import studio.brain.testing.TestPostgres;

/**
 * The disaster-recovery drill of docs/runbooks/dr.md, automated: a hub's database with a week of StudioState and a
 * policy history (some of its derived days already purged by retention) is lost; from its exported audit bundle the
 * real {@code studio-brain rebuild} command, run as a person runs it, rebuilds into an EMPTY database. The drill passes
 * when the bundle verifies, every rebuilt day and the policy state equal what the ledger recorded (and what the lost
 * database held), and the ledger it came from still verifies. The time to recover is printed, never asserted.
 */
class DisasterRecoveryDrillTest {
    private static final String NOTE = "firestore.ops_note.append";

    @TempDir
    Path dir;

    @Test
    void rebuildFromAnAuditBundleIntoAnEmptyDatabaseGivesBackTheSameStateAndPolicy() throws Exception {
        try (RetentionFixture f = new RetentionFixture(dir.resolve("data"))) {
            // A week of the studio: a snapshot each day (one recomputed), and the policy decisions staff took.
            AtomicLong active = new AtomicLong(40);
            StudioStateService state = new StudioStateService(() -> f.db.hub, f.clock, f.ledger, TENANT,
                    now -> List.of(new MetricReading("counts.batchesActive", active.get(), "firestore", now, "full",
                            List.of(), "hash-" + active.get())),
                    Set.of(), (date, snapshot, previous) -> new StudioStateService.DriftReport(List.of(),
                            "studioMetrics/" + date, false), false, Duration.ofHours(26));
            PolicyControls controls = new PolicyControls(() -> f.db.hub, f.clock, f.ledger, catalog(), TENANT);
            Actor mara = Actor.staff("mara", TENANT, Set.of("staff"));
            f.clock.advance(Duration.ofDays(-7));
            for (int day = 0; day < 7; day++) {
                active.addAndGet(day % 2 == 0 ? 3 : -1);
                state.compute("scheduled", ActorType.SYSTEM, "studio-state", null);
                if (day == 2) {
                    active.incrementAndGet();
                    state.compute("on demand", ActorType.STAFF, "mara", "req-" + day);
                    controls.setKillSwitch(mara, true, "Smoke alarm in the kiln room, stop everything", "r1");
                    controls.setKillSwitch(mara, false, "Alarm cleared by the fire marshal", "r2");
                }
                if (day == 4) {
                    controls.createExemption(mara, NOTE, "uid-a", f.clock.instant().plus(Duration.ofDays(30)),
                            "Routine shelf notes for the open studio month", "r3");
                    PolicyState.Exemption revoked = controls.createExemption(mara, NOTE, null,
                            f.clock.instant().plus(Duration.ofDays(2)), "Notes during the glaze workshop weekend", "r4");
                    controls.revokeExemption(mara, revoked.id(), "The workshop was cancelled this week", "r5");
                }
                f.clock.advance(Duration.ofDays(1));
            }
            controls.setKillSwitch(mara, true, "Power work in the building this afternoon", "r6");
            // Retention already removed the derived days older than two days: the ledger still holds them.
            Path policy = RetentionFixture.policyCopy(dir, "  - class: studio_state.snapshots\n    windowDays: 400",
                    "  - class: studio_state.snapshots\n    windowDays: 2");
            RetentionReport purge = f.retention(policy, true, false, Duration.ofDays(365)).apply();
            assertThat(purge.outcome(DataClass.STUDIO_STATE_SNAPSHOTS).purged()).isEqualTo(5);

            Map<LocalDate, String> lostDays = days(f.db.hub);
            assertThat(lostDays).hasSize(2);
            PolicyStore.KillSwitch lostKillSwitch;
            List<String> lostExemptions;
            try (Connection c = f.db.hub.getConnection()) {
                lostKillSwitch = PolicyStore.killSwitch(c, TENANT);
                lostExemptions = exemptions(c);
            }
            assertThat(f.verify().ok()).isTrue();

            // The exported bundle is what survives the loss of the database.
            Path bundle = dir.resolve("bundle");
            long head;
            try (Connection c = f.db.hub.getConnection()) {
                head = LedgerStore.head(c).seq();
            }
            AuditBundle.export(f.db.hub, f.key, 1, head, bundle, f.clock.instant());
            assertThat(AuditBundle.verify(bundle, f.key.verifier()).ok()).isTrue();

            // Recover: an empty database (not even migrated), the rebuild command as the runbook runs it.
            String emptyDatabase = TestPostgres.newDatabaseUrl();
            long began = System.nanoTime();
            Process rebuild = RetentionCliTest.cli(dir.resolve("recovered"), emptyDatabase, Map.of(), "rebuild",
                    "--from-bundle",
                    bundle.toString(), "--pubkey", f.key.verifier().text()).start();
            assertThat(rebuild.waitFor(180, TimeUnit.SECONDS)).isTrue();
            Duration recovery = Duration.ofNanos(System.nanoTime() - began);
            String printed = RetentionCliTest.output(dir.resolve("recovered"));
            assertThat(rebuild.exitValue()).as(printed).isZero();
            assertThat(printed).contains("Bundle: ").contains("Rebuilt 7 days from 8 snapshots")
                    .contains("Proven: every day's snapshot hashes to what the ledger recorded");
            System.out.printf("DR drill: time to recover (rebuild from the bundle into an empty database, JVM start "
                    + "included) %d ms for %d ledger events%n", recovery.toMillis(), head);

            try (HikariDataSource recovered = pool(emptyDatabase); Connection c = recovered.getConnection()) {
                Map<LocalDate, String> rebuilt = days(recovered);
                assertThat(rebuilt).hasSize(7).containsAllEntriesOf(lostDays);
                assertThat(rebuilt.values()).containsExactlyElementsOf(recordedHashes(bundle).values());
                assertThat(PolicyStore.killSwitch(c, TENANT)).usingRecursiveComparison().isEqualTo(lostKillSwitch);
                assertThat(exemptions(c)).isEqualTo(lostExemptions).hasSize(2);
                assertThat(StateRebuild.empty(c, TENANT)).isFalse();
                // The recovered database's own ledger starts afresh and verifies; the history is the bundle's.
                assertThat(LedgerVerifier.verify(recovered, f.key.verifier(), 0, n -> { }).ok()).isTrue();
            }
            assertThat(f.verify().ok()).isTrue();
        }
    }

    /** The snapshot hash of each day, as the ledger's studio_state.computed events recorded it (the last per day). */
    private static Map<LocalDate, String> recordedHashes(Path bundle) throws Exception {
        Map<LocalDate, String> recorded = new java.util.TreeMap<>();
        AuditBundle.events(bundle, event -> {
            if (event.record().action().equals("studio_state.computed")) {
                Object snapshot = event.record().metadata().get("snapshot");
                recorded.put(LocalDate.parse(String.valueOf(((Map<?, ?>) snapshot).get("snapshotDate"))),
                        event.record().outputHash());
            }
        });
        return recorded;
    }

    private static Map<LocalDate, String> days(javax.sql.DataSource dataSource) throws Exception {
        Map<LocalDate, String> days = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            for (LocalDate date = LocalDate.parse("2026-11-21"); !date.isAfter(LocalDate.parse("2026-11-28"));
                 date = date.plusDays(1)) {
                Optional<StudioStateStore.Stored> stored = StudioStateStore.byDate(c, TENANT, date);
                if (stored.isPresent()) {
                    days.put(date, stored.get().hash());
                }
            }
        }
        return days;
    }

    private static List<String> exemptions(Connection c) throws Exception {
        List<String> found = new ArrayList<>();
        for (PolicyState.Exemption e : PolicyStore.exemptions(c, TENANT, false)) {
            found.add(e.id() + " " + e.capabilityId() + " " + e.ownerUid() + " " + e.expiresAt() + " revoked="
                    + PolicyStore.revoked(c, TENANT, e.id()));
        }
        found.sort(null);
        return found;
    }

    private static CapabilityCatalog catalog() {
        return new CapabilityCatalog() {
            @Override
            public Optional<CapabilityRules> rules(String capabilityId) {
                return NOTE.equals(capabilityId) ? Optional.of(new CapabilityRules(NOTE, true, true, true, true))
                        : Optional.empty();
            }

            @Override
            public List<String> validateInput(String capabilityId, JsonNode input) {
                return List.of();
            }
        };
    }

    private static HikariDataSource pool(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("postgres");
        config.setMaximumPoolSize(2);
        return new HikariDataSource(config);
    }
}
