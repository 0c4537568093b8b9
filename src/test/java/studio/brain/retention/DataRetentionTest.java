package studio.brain.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static studio.brain.retention.RetentionFixture.TENANT;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.gate.capability.PolicyFileException;
import studio.brain.ledger.ActorType;
import studio.brain.ledger.AuditRecord;

/**
 * The retention purge on a real database, as the hub's restricted role: each class's cut-off (rows just past their
 * window go, rows just inside stay, rows that are never due stay whatever their age), legal holds, the ledger's
 * part keeping {@code ledger verify} green, the switch, and a refused policy file.
 */
class DataRetentionTest {
    @TempDir
    Path dir;

    private RetentionFixture f;

    @BeforeEach
    void start() {
        f = new RetentionFixture(dir);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    /** One row a day past the class's window, one a day inside it. */
    private Instant old(int windowDays) {
        return f.daysAgo(windowDays + 1);
    }

    private Instant young(int windowDays) {
        return f.daysAgo(windowDays - 1);
    }

    @Test
    void everyClassLosesExactlyTheDueRowsPastItsWindow() throws Exception {
        f.snapshot(old(400));
        f.snapshot(young(400));
        f.snapshot(f.daysAgo(0));
        f.diff(old(400));
        f.diff(young(400));
        f.drift(old(180));
        f.drift(young(180));
        UUID rejected = f.proposal("firestore.ops_note.append", "rejected", old(365));
        UUID executed = f.proposal("hubitat.device.command", "executed", old(365));
        UUID recent = f.proposal("firestore.ops_note.append", "expired", young(365));
        UUID open = f.proposal("firestore.ops_note.append", "pending_approval", f.daysAgo(900));
        UUID approved = f.proposal("hubitat.device.command", "approved", f.daysAgo(900));
        UUID acceptedDraft = f.proposal("marketing.draft", "approved", old(90));
        UUID youngDraft = f.proposal("ops.recommendation", "rejected", young(90));
        UUID pendingDraft = f.proposal("finance.flag", "pending_approval", f.daysAgo(900));
        UUID decidedIntake = f.intake("allowed", old(180), "Please fire my mug, it has my name on it");
        UUID youngIntake = f.intake("override_denied", young(180), "A second request");
        UUID reviewIntake = f.intake("in_review", f.daysAgo(900), "Still being looked at");
        f.triage(old(365));
        f.triage(young(365));
        f.outbox("delivered", old(30));
        f.outbox("delivered", young(30));
        f.outbox("pending", f.daysAgo(900));
        f.outbox("dead", f.daysAgo(900));
        f.idempotencyKey(old(7));
        f.idempotencyKey(young(7));
        f.denial(old(90));
        f.denial(young(90));
        f.scanState("ops", old(90));
        f.scanState("finance", young(90));
        f.jobRun("succeeded", old(90));
        f.jobRun("failed", old(90));
        f.jobRun("succeeded", young(90));
        f.jobRun("running", f.daysAgo(900));

        RetentionReport dry = f.retention(true).dryRun();
        assertThat(dry.applied()).isFalse();
        assertThat(f.count("select count(*) from proposals")).isEqualTo(8);
        assertThat(f.events("retention.purged")).isEmpty();

        RetentionReport report = f.retention(true).apply();

        assertThat(report.outcomes()).extracting(o -> o.dataClass().id() + "=" + o.purged()).containsExactly(
                "studio_state.snapshots=1", "studio_state.diffs=1", "studio_state.drift=1", "proposals=2",
                "drafts=1", "intake.summaries=1", "triage.feedback=1", "outbox.delivered=1",
                "idempotency.expired=1", "delegation.denials=1", "assist.scan_state=1", "job_runs=2",
                "ledger.events=0");
        assertThat(dry.outcomes()).extracting(ClassOutcome::purged)
                .isEqualTo(report.outcomes().stream().map(ClassOutcome::purged).toList());
        assertThat(report.outcome(DataClass.PROPOSALS).cutoff()).contains(f.daysAgo(365));

        assertThat(f.count("select count(*) from studio_state_daily")).isEqualTo(2);
        assertThat(f.count("select count(*) from studio_state_diff")).isEqualTo(1);
        assertThat(f.count("select count(*) from studio_state_drift")).isEqualTo(1);
        assertThat(f.count("select count(*) from proposals where id in (?, ?, ?)", rejected, executed, acceptedDraft))
                .isZero();
        assertThat(f.count("select count(*) from proposals where id in (?, ?, ?, ?, ?)", recent, open, approved,
                youngDraft, pendingDraft)).isEqualTo(5);
        assertThat(f.count("select count(*) from proposal_transitions")).isEqualTo(5);
        assertThat(f.count("select count(*) from grants")).isEqualTo(5);
        assertThat(f.count("select count(*) from intake_items where summary = '' and id = ?", decidedIntake)).isOne();
        assertThat(f.count("select count(*) from intake_items where summary <> '' and id in (?, ?)", youngIntake,
                reviewIntake)).isEqualTo(2);
        assertThat(f.count("select count(*) from triage_feedback")).isOne();
        assertThat(f.count("select count(*) from outbox")).isEqualTo(3);
        assertThat(f.count("select count(*) from outbox where status = 'delivered'")).isOne();
        assertThat(f.count("select count(*) from idempotency_keys")).isOne();
        assertThat(f.count("select count(*) from delegation_denials")).isOne();
        assertThat(f.count("select count(*) from assist_scan_state where scan = 'finance'")).isOne();
        assertThat(f.count("select count(*) from assist_scan_state")).isOne();
        assertThat(f.count("select count(*) from job_runs")).isEqualTo(2);

        assertThat(f.events("retention.purged")).hasSize(12)
                .anySatisfy(e -> assertThat(e).contains("\"class\": \"proposals\"", "\"count\": 2",
                        "\"cutoff\": \"2025-11-28T03:45:00"));
        assertThat(f.events("retention.skipped")).singleElement()
                .satisfies(e -> assertThat(e).contains("ledger.events", "DISABLED"));
        assertThat(f.verify().ok()).isTrue();

        // Nothing more is due: the next run purges nothing and says so.
        RetentionReport again = f.retention(true).apply();
        assertThat(again.purged()).isZero();
        assertThat(again.outcome(DataClass.OUTBOX_DELIVERED).skipped()).contains(SkipReason.NOT_EXPIRED);
        assertThat(f.events("retention.skipped")).filteredOn(e -> e.contains("NOT_EXPIRED")).hasSize(12);
    }

    @Test
    void theNewestSnapshotStaysWhateverItsAge() throws Exception {
        f.snapshot(f.daysAgo(900));
        f.snapshot(f.daysAgo(800));
        assertThat(f.retention(true).apply().outcome(DataClass.STUDIO_STATE_SNAPSHOTS).purged()).isOne();
        assertThat(f.count("select count(*) from studio_state_daily where generated_at = ?", f.daysAgo(800))).isOne();
    }

    @Test
    void legalHoldsKeepWhatTheyNameUntilReleased() throws Exception {
        UUID heldProposal = f.proposal("firestore.ops_note.append", "rejected", f.daysAgo(400));
        UUID freeProposal = f.proposal("firestore.ops_note.append", "rejected", f.daysAgo(400));
        UUID heldIntake = f.intake("allowed", f.daysAgo(200), "Kept for the dispute");
        f.intake("allowed", f.daysAgo(200), "Not held");
        f.triage(f.daysAgo(400));
        f.triage(f.daysAgo(500));
        f.outbox("delivered", f.daysAgo(40));
        f.denial(f.daysAgo(120));
        f.denial(f.daysAgo(200));

        LegalHold proposalHold = f.holds.place(LegalHold.Request.proposal(heldProposal),
                "Member dispute over a cancelled firing, case 2026-17", "mara");
        f.holds.place(LegalHold.Request.intakeItem(heldIntake), "Same dispute", "mara");
        f.holds.place(LegalHold.Request.dateRange(f.daysAgo(450), f.daysAgo(350), DataClass.TRIAGE_FEEDBACK),
                "Moderation review of last winter", "mara");
        f.holds.place(LegalHold.Request.dataClass(DataClass.OUTBOX_DELIVERED), "Delivery audit", "mara");
        f.holds.place(LegalHold.Request.dateRange(f.daysAgo(150), f.daysAgo(100), null), "Insurance claim", "mara");

        RetentionReport report = f.retention(true).apply();

        assertThat(f.count("select count(*) from proposals where id = ?", heldProposal)).isOne();
        assertThat(f.count("select count(*) from proposals where id = ?", freeProposal)).isZero();
        assertThat(report.outcome(DataClass.PROPOSALS)).extracting(ClassOutcome::purged, ClassOutcome::held)
                .containsExactly(1L, 1L);
        assertThat(f.count("select count(*) from intake_items where id = ? and summary = 'Kept for the dispute'",
                heldIntake)).isOne();
        assertThat(f.count("select count(*) from intake_items where summary = ''")).isOne();
        assertThat(f.count("select count(*) from triage_feedback where at = ?", f.daysAgo(400))).isOne();
        assertThat(f.count("select count(*) from triage_feedback")).isOne();
        assertThat(report.outcome(DataClass.OUTBOX_DELIVERED).skipped()).contains(SkipReason.LEGAL_HOLD);
        assertThat(report.outcome(DataClass.OUTBOX_DELIVERED).held()).isOne();
        assertThat(f.count("select count(*) from outbox")).isOne();
        // The denial inside the all-classes range stays; the older one goes through the database's own function.
        assertThat(f.count("select count(*) from delegation_denials where at = ?", f.daysAgo(120))).isOne();
        assertThat(f.count("select count(*) from delegation_denials")).isOne();
        assertThat(report.outcome(DataClass.DELEGATION_DENIALS)).extracting(ClassOutcome::purged, ClassOutcome::held)
                .containsExactly(1L, 1L);

        assertThat(f.events("retention.skipped")).filteredOn(e -> e.contains("LEGAL_HOLD"))
                .extracting(e -> e.replaceAll(".*\"class\": \"([a-z_.]+)\".*", "$1"))
                .containsExactlyInAnyOrder("proposals", "intake.summaries", "triage.feedback", "outbox.delivered",
                        "delegation.denials");
        assertThat(f.events("retention.hold_placed")).hasSize(5);

        assertThat(f.holds.release(proposalHold.id(), "The dispute is settled", "mara")).isTrue();
        assertThat(f.holds.release(proposalHold.id(), "Twice", "mara")).isFalse();
        assertThat(f.holds.active()).hasSize(4);
        f.retention(true).apply();
        assertThat(f.count("select count(*) from proposals where id = ?", heldProposal)).isZero();
        assertThat(f.events("retention.hold_released")).hasSize(1);
    }

    @Test
    void aHoldIsKeptForGoodAndNeedsItsReasonAndShape() throws Exception {
        assertThatThrownBy(() -> f.holds.place(LegalHold.Request.dataClass(DataClass.JOB_RUNS), " ", "mara"))
                .hasMessageContaining("reason");
        assertThatThrownBy(() -> f.holds.place(LegalHold.Request.dateRange(f.daysAgo(1), f.daysAgo(2), null),
                "Backwards", "mara")).hasMessageContaining("from before until");
        LegalHold hold = f.holds.place(LegalHold.Request.dataClass(DataClass.JOB_RUNS), "Scheduler audit", "mara");
        assertThatThrownBy(() -> f.sql("delete from legal_holds")).hasMessageContaining("legal holds are kept");
        try (var c = f.db.hub.getConnection(); var s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("delete from legal_holds")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.execute("delete from delegation_denials"))
                    .hasMessageContaining("permission denied");
        }
        assertThat(f.holds.active()).extracting(LegalHold::id).containsExactly(hold.id());
    }

    @Test
    void theLedgerIsPurgedOnlyUpToACheckpointBeforeAnyHoldAndStillVerifies() throws Exception {
        // Two years of history: an old event and checkpoint, then a proposal's events and a checkpoint, then today.
        f.clock.advance(Duration.ofDays(-800));
        f.ledger.append(AuditRecord.of(TENANT, ActorType.SYSTEM, "hub", "hub.started").build());
        f.ledger.checkpoint().orElseThrow();
        f.clock.advance(Duration.ofDays(30));
        UUID proposal = UUID.randomUUID();
        f.ledger.append(AuditRecord.of(TENANT, ActorType.STAFF, "mara", "proposal.rejected").target(proposal.toString())
                .build());
        f.ledger.checkpoint().orElseThrow();
        f.clock.advance(Duration.ofDays(770));
        f.ledger.append(AuditRecord.of(TENANT, ActorType.SYSTEM, "hub", "hub.started").build());
        f.holds.place(LegalHold.Request.proposal(proposal), "Member dispute, case 2026-17", "mara");

        RetentionReport held = f.retention(RetentionFixture.REPO_POLICY, true, true, Duration.ofDays(365)).apply();

        ClassOutcome ledger = held.outcome(DataClass.LEDGER_EVENTS);
        assertThat(ledger.purged()).isOne();
        assertThat(ledger.held()).isOne();
        assertThat(f.count("select count(*) from audit_events where target = ?", proposal.toString())).isOne();
        assertThat(f.verify().ok()).as(f.verify().summary()).isTrue();
        assertThat(f.events("retention.purged")).anySatisfy(e -> assertThat(e).contains("ledger.events",
                "\"throughSeq\": 1"));
        assertThat(f.events("ledger.purged")).hasSize(1);

        f.holds.release(f.holds.active().get(0).id(), "The dispute is settled", "mara");
        RetentionReport released = f.retention(RetentionFixture.REPO_POLICY, true, true, Duration.ofDays(365)).apply();
        assertThat(released.outcome(DataClass.LEDGER_EVENTS).purged()).isPositive();
        assertThat(f.count("select count(*) from audit_events where target = ?", proposal.toString())).isZero();
        assertThat(f.verify().ok()).as(f.verify().summary()).isTrue();
    }

    @Test
    void withTheLedgerPurgeOffTheLedgerClassIsSkippedAsDisabled() throws Exception {
        f.clock.advance(Duration.ofDays(-800));
        f.ledger.append(AuditRecord.of(TENANT, ActorType.SYSTEM, "hub", "hub.started").build());
        f.ledger.checkpoint().orElseThrow();
        f.clock.advance(Duration.ofDays(800));
        RetentionReport report = f.retention(true).apply();
        assertThat(report.outcome(DataClass.LEDGER_EVENTS).skipped()).contains(SkipReason.DISABLED);
        assertThat(f.count("select count(*) from audit_events where action = 'hub.started'")).isOne();
    }

    @Test
    void aDisabledPurgeRemovesNothingAndRecordsWhy() throws Exception {
        f.outbox("delivered", f.daysAgo(400));
        f.jobRun("succeeded", f.daysAgo(400));

        assertThat(f.retention(false).run()).containsEntry("skipped", "DISABLED");

        assertThat(f.count("select count(*) from outbox")).isOne();
        assertThat(f.count("select count(*) from job_runs")).isOne();
        assertThat(f.events("retention.purged")).isEmpty();
        assertThat(f.events("retention.skipped")).singleElement()
                .satisfies(e -> assertThat(e).contains("\"reason\": \"DISABLED\""));
    }

    @Test
    void aClassTheMatrixKeepsIsNeverPurged() throws Exception {
        Path policy = RetentionFixture.policyCopy(dir, "  - class: job_runs\n    windowDays: 90\n    action: delete",
                "  - class: job_runs\n    action: keep");
        f.jobRun("succeeded", f.daysAgo(4000));
        RetentionReport report = f.retention(policy, true, false, Duration.ofDays(365)).apply();
        assertThat(report.outcome(DataClass.JOB_RUNS).skipped()).contains(SkipReason.KEPT_BY_POLICY);
        assertThat(f.count("select count(*) from job_runs")).isOne();
    }

    @Test
    void aRefusedPolicyFilePurgesNothingAndSaysWhere() throws Exception {
        f.outbox("delivered", f.daysAgo(400));
        Path policy = RetentionFixture.policyCopy(dir, "  - class: outbox.delivered\n    windowDays: 30",
                "  - class: outbox.delivered\n    windowDays: thirty");

        assertThatThrownBy(() -> f.retention(policy, true, false, Duration.ofDays(365)).apply())
                .isInstanceOf(PolicyFileException.class)
                .hasMessageContaining("retention.yaml:")
                .hasMessageContaining("class 'outbox.delivered' windowDays");
        assertThatThrownBy(() -> f.retention(policy, true, false, Duration.ofDays(365)).dryRun())
                .isInstanceOf(PolicyFileException.class);

        assertThat(f.count("select count(*) from outbox")).isOne();
        assertThat(f.events("retention.purged")).isEmpty();
        assertThat(f.events("retention.skipped")).singleElement()
                .satisfies(e -> assertThat(e).contains("POLICY_REFUSED"));
    }
}
