package studio.brain.assist.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AnomalyDetectorTest {
    private static final LocalDate TODAY = LocalDate.parse("2026-11-30");
    private static final Instant NOW = Snapshots.scanTime(TODAY);
    private static AnomalyRules rules;
    private static AnomalyDetector detector;

    @BeforeAll
    static void load() throws Exception {
        rules = AnomalyRulesLoader.load(Path.of("policies/anomaly-rules.yaml"));
        detector = new AnomalyDetector(rules);
    }

    /** 28 ordinary days, newest first, with a weekly rhythm and a little wobble. */
    private static List<Map<String, Object>> ordinaryHistory(int days) {
        List<Map<String, Object>> history = new ArrayList<>();
        for (int i = 1; i <= days; i++) {
            LocalDate d = TODAY.minusDays(i);
            boolean weekend = d.getDayOfWeek().getValue() >= 6;
            int wobble = i % 3 - 1;
            history.add(Snapshots.day(d, 28 + wobble, (weekend ? 10 : 12) + wobble, 16 + wobble,
                    (weekend ? 12 : 20) + 2 * wobble, i % 9 == 0 ? 1 : 0));
        }
        return history;
    }

    private static Map<String, Object> ordinaryToday() {
        return Snapshots.day(TODAY, 29, 12, 16, 21, 0);
    }

    /** The same numbers, generated an hour before the scan, so the snapshot is not stale. */
    private static Map<String, Object> refreshed(Map<String, Object> snapshot, Instant scanAt) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(snapshot);
        copy.put("generatedAt", scanAt.minus(Duration.ofHours(1)).toString());
        return copy;
    }

    private ScanResult scan(Map<String, Object> latest, List<Map<String, Object>> history) {
        return detector.scan(latest, history, List.of(), NOW, ScanState.EMPTY);
    }

    @Test
    void anOrdinaryDayProposesNothing() {
        ScanResult result = scan(ordinaryToday(), ordinaryHistory(28));
        assertThat(result.drafts()).isEmpty();
        assertThat(result.suppressed()).isEmpty();
        assertThat(result.notEvaluated()).isEmpty();
        assertThat(result.hitsByRule()).containsOnlyKeys(rules.rules().stream().map(AnomalyRule::id).toList());
        assertThat(result.hitsByRule().values()).containsOnly(0);
    }

    @Test
    void aSpikeAboveThresholdAndBaselineIsDraftedWithItsNumbers() {
        ScanResult result = scan(Snapshots.with(ordinaryToday(), "ops.agentRequestsPending", 52),
                ordinaryHistory(28));
        assertThat(result.drafts()).hasSize(1);
        OpsDraft draft = result.drafts().get(0);
        assertThat(draft.ruleId()).isEqualTo("agent-requests.spike");
        assertThat(draft.group()).isEqualTo("queues");
        assertThat(draft.severity()).isEqualTo("medium");
        assertThat(draft.title()).isEqualTo("Agent-request queue spike: 52 pending");
        assertThat(draft.rationale()).contains("52 agent requests pending", "threshold 35", "over 28 days");
        assertThat(draft.recommendation()).isNotBlank();
        assertThat(draft.explanation()).anySatisfy(l -> assertThat(l).contains("static:", "≥ threshold 35"))
                .anySatisfy(l -> assertThat(l).contains("baseline: median", "MAD×1.4826", "above it"))
                .anySatisfy(l -> assertThat(l).contains("cooldown: no earlier draft"))
                .anySatisfy(l -> assertThat(l).contains("suppression:"));
        assertThat(draft.dedupeKey()).startsWith("anomaly:queues:");
        assertThat(result.hitsByRule()).containsEntry("agent-requests.spike", 1);
    }

    @Test
    void theStaticThresholdAloneDoesNotAlertWhenTheBaselineIsAsHigh() {
        List<Map<String, Object>> busy = new ArrayList<>();
        for (Map<String, Object> s : ordinaryHistory(28)) {
            busy.add(Snapshots.with(s, "ops.agentRequestsPending", 40 + busy.size() % 4));
        }
        ScanResult result = scan(Snapshots.with(ordinaryToday(), "ops.agentRequestsPending", 44), busy);
        assertThat(result.drafts()).isEmpty();
        assertThat(result.hitsByRule()).containsEntry("agent-requests.spike", 0);
    }

    @Test
    void theBaselineAloneDoesNotAlertBelowTheStaticThreshold() {
        List<Map<String, Object>> flat = new ArrayList<>();
        for (Map<String, Object> s : ordinaryHistory(28)) {
            flat.add(Snapshots.with(s, "ops.agentRequestsPending", 10));
        }
        ScanResult result = scan(Snapshots.with(ordinaryToday(), "ops.agentRequestsPending", 30), flat);
        assertThat(result.drafts()).isEmpty();
    }

    @Test
    void tooLittleHistoryKeepsAQuietRuleQuietAndSaysSo() {
        ScanResult result = scan(Snapshots.with(ordinaryToday(), "ops.agentRequestsPending", 52),
                ordinaryHistory(5));
        assertThat(result.drafts()).isEmpty();
        assertThat(result.notEvaluated()).anySatisfy(n -> assertThat(n).startsWith("agent-requests.spike:")
                .contains("only 5 readable value(s)", "14 needed"));
    }

    @Test
    void tooLittleHistoryLetsAStaticRuleDecideAloneAndTheDraftSaysSo() {
        ScanResult result = scan(Snapshots.with(ordinaryToday(), "ops.highSeverityReports", 3), ordinaryHistory(3));
        assertThat(result.drafts()).singleElement().satisfies(d -> {
            assertThat(d.ruleId()).isEqualTo("reports.high-severity");
            assertThat(d.severity()).isEqualTo("high");
            assertThat(d.explanation()).anySatisfy(l -> assertThat(l).contains("static threshold decide alone"));
        });
    }

    @Test
    void nullsAreNeverZeroAndAreLeftOutOfTheBaseline() {
        ScanResult unread = scan(Snapshots.with(ordinaryToday(), "ops.agentRequestsPending", null),
                ordinaryHistory(28));
        assertThat(unread.hitsByRule()).containsEntry("agent-requests.spike", 0);
        assertThat(unread.notEvaluated()).anySatisfy(n -> assertThat(n).contains("agent-requests.spike",
                "unread", "null is not zero"));
        // a denominator that is unread must not read as "no firings scheduled"
        ScanResult noFirings = scan(Snapshots.with(ordinaryToday(), "counts.firingsScheduled", null),
                ordinaryHistory(28));
        assertThat(noFirings.drafts()).isEmpty();

        List<Map<String, Object>> gappy = new ArrayList<>();
        for (Map<String, Object> s : ordinaryHistory(28)) {
            gappy.add(gappy.size() % 2 == 0 ? Snapshots.with(s, "ops.agentRequestsPending", null) : s);
        }
        ScanResult result = scan(Snapshots.with(ordinaryToday(), "ops.agentRequestsPending", 52), gappy);
        assertThat(result.drafts()).singleElement().satisfies(d -> assertThat(d.rationale()).contains("over 14 days"));
        List<Map<String, Object>> mostlyUnread = new ArrayList<>();
        for (Map<String, Object> s : ordinaryHistory(28)) {
            mostlyUnread.add(mostlyUnread.size() % 4 == 0 ? s : Snapshots.with(s, "ops.agentRequestsPending", null));
        }
        assertThat(scan(Snapshots.with(ordinaryToday(), "ops.agentRequestsPending", 52), mostlyUnread).drafts())
                .isEmpty();
    }

    @Test
    void stalledBatchesNeedManyActiveAndFewFirings() {
        ScanResult stalled = scan(Snapshots.with(ordinaryToday(), "counts.firingsScheduled", 2), ordinaryHistory(28));
        assertThat(stalled.drafts()).singleElement().satisfies(d -> {
            assertThat(d.ruleId()).isEqualTo("batches.stalled");
            assertThat(d.title()).isEqualTo("Batches may be stalled: 29 active, 2 firings scheduled");
            assertThat(d.rationale()).contains("14.50 per firing");
        });
        Map<String, Object> quietStudio = Snapshots.with(Snapshots.with(ordinaryToday(), "counts.batchesActive", 8),
                "counts.firingsScheduled", 0);
        assertThat(scan(quietStudio, ordinaryHistory(28)).drafts()).isEmpty();
    }

    @Test
    void reservationsMustKeepRisingToCountAsAccumulating() {
        List<Map<String, Object>> history = ordinaryHistory(28);
        history.set(0, Snapshots.with(history.get(0), "counts.reservationsOpen", 26));
        history.set(1, Snapshots.with(history.get(1), "counts.reservationsOpen", 22));
        history.set(2, Snapshots.with(history.get(2), "counts.reservationsOpen", 19));
        ScanResult rising = scan(Snapshots.with(ordinaryToday(), "counts.reservationsOpen", 30), history);
        assertThat(rising.drafts()).singleElement().satisfies(d -> {
            assertThat(d.ruleId()).isEqualTo("reservations.accumulating");
            assertThat(d.rationale()).contains("from 19 to 30");
        });
        history.set(1, Snapshots.with(history.get(1), "counts.reservationsOpen", 27));
        assertThat(scan(Snapshots.with(ordinaryToday(), "counts.reservationsOpen", 30), history).drafts()).isEmpty();
    }

    @Test
    void relatedHitsOfOneGroupAreOneDraftLedByTheMostSevere() {
        Map<String, Object> today = Snapshots.with(Snapshots.with(ordinaryToday(), "ops.agentRequestsPending", 60),
                "counts.reservationsOpen", 30);
        List<Map<String, Object>> history = ordinaryHistory(28);
        history.set(0, Snapshots.with(history.get(0), "counts.reservationsOpen", 26));
        history.set(1, Snapshots.with(history.get(1), "counts.reservationsOpen", 22));
        history.set(2, Snapshots.with(history.get(2), "counts.reservationsOpen", 19));
        ScanResult result = scan(today, history);
        assertThat(result.drafts()).singleElement().satisfies(d -> {
            assertThat(d.ruleId()).isEqualTo("agent-requests.spike");
            assertThat(d.ruleIds()).containsExactly("agent-requests.spike", "reservations.accumulating");
            assertThat(d.title()).endsWith("(+1 related)");
            assertThat(d.rationale().lines()).hasSize(2);
            assertThat(d.explanation()).anySatisfy(l -> assertThat(l).contains("grouping:",
                    "agent-requests.spike, reservations.accumulating", "group 'queues'"));
        });
        assertThat(result.next().lastEmittedByRule()).containsKeys("agent-requests.spike",
                "reservations.accumulating");
        assertThat(result.next().lastEmittedByGroup()).containsEntry("queues", NOW);
    }

    @Test
    void aCooldownHoldsARepeatBackAndEndsOnTime() {
        Map<String, Object> spike = Snapshots.with(ordinaryToday(), "ops.agentRequestsPending", 52);
        ScanResult first = scan(spike, ordinaryHistory(28));
        assertThat(first.drafts()).hasSize(1);
        ScanResult again = detector.scan(refreshed(spike, NOW.plus(Duration.ofDays(1))), ordinaryHistory(28),
                List.of(), NOW.plus(Duration.ofDays(1)), first.next());
        assertThat(again.drafts()).isEmpty();
        assertThat(again.hitsByRule()).containsEntry("agent-requests.spike", 1);
        assertThat(again.suppressed()).singleElement().satisfies(s -> {
            assertThat(s.reason()).isEqualTo(Suppressed.Reason.COOLDOWN);
            assertThat(s.until()).isEqualTo(NOW.plus(Duration.ofDays(3)));
            assertThat(s.detail()).contains("cooldown 3d");
        });
        ScanResult later = detector.scan(refreshed(spike, NOW.plus(Duration.ofDays(3))), ordinaryHistory(28),
                List.of(), NOW.plus(Duration.ofDays(3)), again.next());
        assertThat(later.drafts()).singleElement().satisfies(d -> assertThat(d.explanation())
                .anySatisfy(l -> assertThat(l).contains("cooldown 3d has elapsed"))
                .anySatisfy(l -> assertThat(l).contains("the group's previous draft was at " + NOW)));
    }

    @Test
    void aDismissedDraftSuppressesItsRulesForTheWindowOnly() {
        Map<String, Object> spike = Snapshots.with(ordinaryToday(), "ops.agentRequestsPending", 52);
        ScanResult first = scan(spike, ordinaryHistory(28));
        OpsDraft draft = first.drafts().get(0);
        ScanState dismissed = first.next().dismiss(draft, NOW.plus(Duration.ofHours(2)), rules);
        Instant afterCooldown = NOW.plus(Duration.ofDays(4));
        ScanResult held = detector.scan(refreshed(spike, afterCooldown), ordinaryHistory(28), List.of(),
                afterCooldown, dismissed);
        assertThat(held.drafts()).isEmpty();
        assertThat(held.suppressed()).singleElement().satisfies(s -> {
            assertThat(s.reason()).isEqualTo(Suppressed.Reason.DISMISSED);
            assertThat(s.detail()).contains(draft.dedupeKey(), "false positive", "7d");
            assertThat(s.until()).isEqualTo(NOW.plus(Duration.ofHours(2)).plus(Duration.ofDays(7)));
        });
        ScanResult afterWindow = detector.scan(refreshed(spike, NOW.plus(Duration.ofDays(8))),
                ordinaryHistory(28), List.of(), NOW.plus(Duration.ofDays(8)), held.next());
        assertThat(afterWindow.drafts()).hasSize(1);
        assertThat(afterWindow.next().dismissals()).isEmpty();
    }

    @Test
    void theSameHitOnTheSameDayHasTheSameDedupeKey() {
        Map<String, Object> spike = Snapshots.with(ordinaryToday(), "ops.agentRequestsPending", 52);
        String a = scan(spike, ordinaryHistory(28)).drafts().get(0).dedupeKey();
        String b = scan(Snapshots.with(spike, "ops.agentRequestsPending", 55), ordinaryHistory(28)).drafts().get(0)
                .dedupeKey();
        assertThat(a).isEqualTo(b);
    }

    @Test
    void aStaleOrMissingSnapshotIsReported() {
        ScanResult fresh = detector.scan(ordinaryToday(), ordinaryHistory(28), List.of(),
                NOW.plus(Duration.ofHours(20)), ScanState.EMPTY);
        assertThat(fresh.hitsByRule()).containsEntry("snapshot.stale", 0);
        ScanResult stale = detector.scan(ordinaryToday(), ordinaryHistory(28), List.of(),
                NOW.plus(Duration.ofHours(40)), ScanState.EMPTY);
        assertThat(stale.drafts()).singleElement().satisfies(d -> {
            assertThat(d.ruleId()).isEqualTo("snapshot.stale");
            assertThat(d.title()).isEqualTo("StudioState is stale: last snapshot 41h old");
            assertThat(d.rationale()).contains("2026-11-30", "threshold 36h");
        });
        ScanResult none = detector.scan(null, List.of(), List.of(), NOW, ScanState.EMPTY);
        assertThat(none.drafts()).extracting(OpsDraft::ruleId).containsExactly("snapshot.stale");
        assertThat(none.notEvaluated()).anySatisfy(n -> assertThat(n).contains("no snapshot"));
    }

    @Test
    void devicesOfflineOrDueForMaintenanceAreOneEquipmentDraft() {
        List<DeviceStatus> devices = List.of(
                new DeviceStatus("kiln-1", "Big kiln", "kiln", true, NOW.minusSeconds(60), List.of()),
                new DeviceStatus("kiln-2", "Test kiln", "kiln", false, NOW.minus(Duration.ofHours(3)), List.of()),
                new DeviceStatus("vac-1", "Roborock", "vacuum", true, NOW.minusSeconds(30),
                        List.of(new DeviceStatus.Alert("filter_low", null),
                                new DeviceStatus.Alert("main_brush_low", "replace soon"))));
        ScanResult result = detector.scan(ordinaryToday(), ordinaryHistory(28), devices, NOW, ScanState.EMPTY);
        assertThat(result.drafts()).singleElement().satisfies(d -> {
            assertThat(d.group()).isEqualTo("equipment");
            assertThat(d.ruleIds()).containsExactly("device.offline", "device.maintenance-due");
            assertThat(d.rationale()).contains("Test kiln (kiln-2, offline, last seen 3h ago)",
                    "filter_low, main_brush_low", "Roborock");
        });
        List<DeviceStatus> blip = List.of(new DeviceStatus("kiln-2", "Test kiln", "kiln", false,
                NOW.minus(Duration.ofMinutes(20)), List.of()));
        assertThat(detector.scan(ordinaryToday(), ordinaryHistory(28), blip, NOW, ScanState.EMPTY).drafts())
                .isEmpty();
        assertThat(detector.scan(ordinaryToday(), ordinaryHistory(28), List.of(), NOW, ScanState.EMPTY)
                .hitsByRule()).containsEntry("device.offline", 0).containsEntry("device.maintenance-due", 0);
    }
}
