package studio.brain.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.ledger.ActorType;
import studio.brain.ledger.AuditBundle;
import studio.brain.ledger.Ledger;
import studio.brain.ledger.LedgerStore;
import studio.brain.ledger.SigningKey;
import studio.brain.testing.MutableClock;
import studio.brain.testing.TestDatabase;

/**
 * The StudioState service on a real database and ledger, with readings made in the test (the metric reading itself
 * is tested against the sources elsewhere): days, recomputes, diffs, staleness, partial reads, drift, and the
 * rebuild from the ledger into an empty database.
 */
class StudioStateServiceTest {
    private static final String TENANT = "studio-main";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T06:05:00Z"));
    private final AtomicLong active = new AtomicLong(40);
    private boolean stripeDown;
    private TestDatabase db;
    private Ledger ledger;
    private SigningKey key;
    private StudioStateService service;

    @BeforeEach
    void start() {
        db = new TestDatabase();
        key = SigningKey.loadOrCreate(dir, "studio-brain.local/" + TENANT);
        ledger = new Ledger(() -> db.hub, clock, key, 10_000, Duration.ofHours(1));
        StudioStateService.DriftCheck dayOverDay = (date, snapshot, previous) -> {
            if (previous == null) {
                return new StudioStateService.DriftReport(List.of(), "studioMetrics/" + date, false);
            }
            long before = ((Number) StudioSnapshot.values(previous).get("counts.batchesActive")).longValue();
            long now = ((Number) StudioSnapshot.values(snapshot).get("counts.batchesActive")).longValue();
            return new StudioStateService.DriftReport(Math.abs(now - before) > 25
                    ? List.of(new DriftFinding("day-over-day", "counts.batchesActive", before, now, now - before,
                            "medium", "changed more than usual"))
                    : List.of(), "studioMetrics/" + date, false);
        };
        service = new StudioStateService(() -> db.hub, clock, ledger, TENANT, this::read,
                java.util.Set.of("finance.unsettledPayments"), dayOverDay, false, Duration.ofHours(26));
    }

    @AfterEach
    void stop() {
        ledger.close();
        db.close();
    }

    private List<MetricReading> read(Instant now) {
        List<MetricReading> readings = new ArrayList<>();
        readings.add(new MetricReading("counts.batchesActive", active.get(), "firestore", now, "full", List.of(),
                "hash-" + active.get()));
        readings.add(stripeDown
                ? new MetricReading("finance.unsettledPayments", null, "stripe", now, "partial",
                        List.of("read failed: UNAVAILABLE"), null)
                : new MetricReading("finance.unsettledPayments", 3L, "stripe", now, "full", List.of(), "hash-s"));
        return readings;
    }

    @Test
    void daysRecomputesDiffsStalenessPartialReadsAndDriftAreRecorded() throws Exception {
        StudioStateService.Computed first = service.compute("scheduled", ActorType.SYSTEM, "studio-state", null);
        assertThat(first.changedCount()).isEqualTo(2);
        assertThat(first.cloudSummary()).isEqualTo("no reference: studioMetrics/2026-11-28 does not exist");
        assertThat(service.freshness().get("status")).isEqualTo("fresh");

        active.set(42);
        StudioStateService.Computed again = service.compute("on demand", ActorType.STAFF, "mara", "req-1");
        assertThat(again.replacedSameDay()).isTrue();
        assertThat(again.changedCount()).isEqualTo(1);

        clock.advance(Duration.ofHours(27));
        assertThat(service.freshness().get("status")).isEqualTo("stale");
        assertThat(service.computeIfMissing("catch-up")).isPresent();
        assertThat(service.computeIfMissing("catch-up")).isEmpty();

        clock.advance(Duration.ofDays(1));
        active.set(90);
        stripeDown = true;
        StudioStateService.Computed partial = service.compute("scheduled", ActorType.SYSTEM, "studio-state", null);
        assertThat(partial.completeness()).isEqualTo("partial");
        assertThat(partial.driftCount()).isEqualTo(1);

        try (Connection c = db.hub.getConnection()) {
            StudioStateStore.Stored latest = StudioStateStore.latest(c, TENANT).orElseThrow();
            assertThat(latest.date()).isEqualTo(LocalDate.parse("2026-11-30"));
            Map<String, Object> finance = cast(latest.snapshot().get("finance"));
            assertThat(finance).containsEntry("unsettledPayments", null);
            assertThat(cast(cast(latest.snapshot().get("provenance")).get("finance.unsettledPayments")))
                    .containsEntry("completeness", "partial");
            assertThat(cast(latest.snapshot().get("cloudSync"))).containsEntry("stripeReadAt", null);
            List<Map<String, Object>> diffs = StudioStateStore.diffs(c, TENANT, 10);
            assertThat(diffs).hasSize(4);
            assertThat(diffs.get(0).get("changes").toString()).contains("completenessTo=partial");
            assertThat(StudioStateStore.drift(c, TENANT, 10)).singleElement()
                    .satisfies(d -> assertThat(d).containsEntry("delta", 48L).containsEntry("expected", 42L));
            assertThat(StudioStateStore.byDate(c, TENANT, LocalDate.parse("2026-11-28")).orElseThrow().recomputeNote())
                    .contains("on demand");
        }
    }

    @Test
    void rebuildFromAnExportedBundleIntoAnEmptyDatabaseGivesTheSameSnapshotHashes() throws Exception {
        service.compute("scheduled", ActorType.SYSTEM, "studio-state", null);
        active.set(44);
        service.compute("on demand", ActorType.STAFF, "mara", "req-1");
        clock.advance(Duration.ofDays(1));
        active.set(80);
        service.compute("scheduled", ActorType.SYSTEM, "studio-state", null);

        Path bundle = dir.resolve("bundle");
        long head;
        try (Connection c = db.hub.getConnection()) {
            head = LedgerStore.head(c).seq();
        }
        AuditBundle.export(db.hub, key, 1, head, bundle, clock.instant());
        assertThat(AuditBundle.verify(bundle, key.verifier()).ok()).isTrue();

        try (TestDatabase empty = new TestDatabase(); Connection c = empty.hub.getConnection()) {
            assertThat(StateRebuild.empty(c, TENANT)).isTrue();
            c.setAutoCommit(false);
            List<String> progress = new ArrayList<>();
            StateRebuild rebuild = new StateRebuild(c, TENANT, progress::add);
            AuditBundle.events(bundle, rebuild::accept);
            StateRebuild.Result result = rebuild.finish();
            c.commit();

            assertThat(result.proven()).as(result.toString()).isTrue();
            assertThat(result.days()).isEqualTo(2);
            assertThat(result.snapshotsReplayed()).isEqualTo(3);
            try (Connection original = db.hub.getConnection()) {
                for (String day : List.of("2026-11-28", "2026-11-29")) {
                    LocalDate date = LocalDate.parse(day);
                    assertThat(StudioStateStore.byDate(c, TENANT, date).orElseThrow().hash())
                            .isEqualTo(StudioStateStore.byDate(original, TENANT, date).orElseThrow().hash());
                }
                assertThat(StudioStateStore.diffs(c, TENANT, 10)).extracting(d -> d.get("changes"))
                        .isEqualTo(StudioStateStore.diffs(original, TENANT, 10).stream().map(d -> d.get("changes"))
                                .toList());
            }
            assertThat(StateRebuild.empty(c, TENANT)).isFalse();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object value) {
        return (Map<String, Object>) value;
    }
}
