package studio.brain.scorecard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.devices.Availability;
import studio.brain.ledger.ActorType;
import studio.brain.ledger.AuditRecord;

/** Each indicator measured on seeded rows, against the repo's thresholds. */
class MeasurementsTest {
    @TempDir
    Path dir;
    private ScorecardFixture f;

    @BeforeEach
    void open() {
        f = new ScorecardFixture(dir);
    }

    @AfterEach
    void close() {
        f.close();
    }

    private Instant hoursAgo(double hours) {
        return f.clock.instant().minusSeconds(Math.round(hours * 3600));
    }

    private Status statusOf(Indicator indicator, Reading reading) throws Exception {
        return IndicatorResult.of(ScorecardFixture.repoPolicy().of(indicator), reading).status();
    }

    @Test
    void snapshotFreshnessIsTheAgeOfTheLatestSnapshot() throws Exception {
        Reading none = f.read(Indicator.SNAPSHOT_FRESHNESS);
        assertThat(none.value()).isEmpty();
        assertThat(none.detail()).contains("no StudioState snapshot");
        assertThat(statusOf(Indicator.SNAPSHOT_FRESHNESS, none)).isEqualTo(Status.UNKNOWN);

        f.snapshot(hoursAgo(80));
        f.snapshot(hoursAgo(30));
        Reading stale = f.read(Indicator.SNAPSHOT_FRESHNESS);
        assertThat(stale.value()).contains(30.0);
        assertThat(statusOf(Indicator.SNAPSHOT_FRESHNESS, stale)).isEqualTo(Status.WARNING);

        f.snapshot(hoursAgo(3.5));
        assertThat(f.read(Indicator.SNAPSHOT_FRESHNESS).value()).contains(3.5);
    }

    @Test
    void decisionLatencyIsTheP90FromTheLastPendingToTheDecisionWithinTheWindow() throws Exception {
        assertThat(f.read(Indicator.DECISION_LATENCY_P90).value()).isEmpty();
        // Outside the week's window: not counted, however slow.
        UUID old = f.pending(hoursAgo(400));
        f.move(old, "pending_approval", "approved", hoursAgo(200), true);
        // Decided after 2, 10 and 30 hours.
        for (double waited : new double[] {2, 10, 30}) {
            UUID id = f.pending(hoursAgo(100));
            f.move(id, "pending_approval", waited == 10 ? "rejected" : "approved", hoursAgo(100 - waited), true);
        }
        // Rejected, reopened, then approved 3 hours after the reopening: 3 hours, not 53.
        UUID reopened = f.pending(hoursAgo(90));
        f.move(reopened, "pending_approval", "rejected", hoursAgo(89), true);
        f.move(reopened, "rejected", "pending_approval", hoursAgo(40), true);
        f.move(reopened, "pending_approval", "approved", hoursAgo(37), true);

        Reading reading = f.read(Indicator.DECISION_LATENCY_P90);
        // Latencies 1, 2, 3, 10, 30: the 90th percentile (linear) is 10 + 0.6 * 20 = 22.
        assertThat(reading.value()).contains(22.0);
        assertThat(reading.detail()).contains("5 decisions");
        assertThat(statusOf(Indicator.DECISION_LATENCY_P90, reading)).isEqualTo(Status.OK);
    }

    @Test
    void oldestPendingProposalCountsFromItsLastPendingTransition() throws Exception {
        assertThat(f.read(Indicator.OLDEST_PENDING_PROPOSAL).value()).contains(0.0);
        f.pending(hoursAgo(1));
        UUID waiting = f.pending(hoursAgo(50));
        f.move(f.pending(hoursAgo(300)), "pending_approval", "approved", hoursAgo(299), true);
        Reading reading = f.read(Indicator.OLDEST_PENDING_PROPOSAL);
        assertThat(reading.value()).contains(50.0);
        assertThat(reading.detail()).contains("2 proposals pending");
        assertThat(statusOf(Indicator.OLDEST_PENDING_PROPOSAL, reading)).isEqualTo(Status.WARNING);

        f.move(waiting, "pending_approval", "rejected", hoursAgo(0.5), true);
        f.move(waiting, "rejected", "pending_approval", hoursAgo(0.25), true);
        assertThat(f.read(Indicator.OLDEST_PENDING_PROPOSAL).value()).contains(1.0);
    }

    @Test
    void auditCompletenessFindsTransitionsWithoutTheirEventAndExecutionsWithoutHashes() throws Exception {
        assertThat(f.read(Indicator.AUDIT_COMPLETENESS).value()).isEmpty();
        UUID a = f.pending(hoursAgo(10));
        f.move(a, "pending_approval", "approved", hoursAgo(9), true);
        f.move(a, "approved", "executing", hoursAgo(8), true);
        f.move(a, "executing", "executed", hoursAgo(8), true);
        f.execution(a, "succeeded", "out-a", hoursAgo(8), AuditRecord.of(ScorecardFixture.TENANT, ActorType.STAFF,
                "mara", "execution.succeeded").correlationId(a.toString()).inputHash("h").outputHash("out-a"));
        Reading complete = f.read(Indicator.AUDIT_COMPLETENESS);
        assertThat(complete.value()).contains(100.0);
        assertThat(statusOf(Indicator.AUDIT_COMPLETENESS, complete)).isEqualTo(Status.OK);

        // A decision written without its ledger event (a write that bypassed the gate's transaction).
        UUID b = f.pending(hoursAgo(7));
        f.move(b, "pending_approval", "approved", hoursAgo(6), false);
        // A failed execution with its event (no output to hash), and a succeeded one whose event lacks the output hash.
        f.move(b, "approved", "executing", hoursAgo(5), true);
        f.move(b, "executing", "failed", hoursAgo(5), true);
        f.execution(b, "failed", null, hoursAgo(5), AuditRecord.of(ScorecardFixture.TENANT, ActorType.STAFF, "mara",
                "execution.failed").correlationId(b.toString()).inputHash("h"));
        UUID c = f.pending(hoursAgo(4));
        f.move(c, "pending_approval", "approved", hoursAgo(3), true);
        f.move(c, "approved", "executing", hoursAgo(2), true);
        f.move(c, "executing", "executed", hoursAgo(2), true);
        f.execution(c, "succeeded", "out-c", hoursAgo(2), AuditRecord.of(ScorecardFixture.TENANT, ActorType.STAFF,
                "mara", "execution.succeeded").correlationId(c.toString()).inputHash("h"));

        Reading reading = f.read(Indicator.AUDIT_COMPLETENESS);
        // 12 transitions (one without its event) and 3 executions (one without its output hash): 13 of 15.
        assertThat(reading.value()).contains(86.67);
        assertThat(reading.detail()).contains("1 of 12 proposal transitions").contains("1 of 3 finished executions");
        assertThat(statusOf(Indicator.AUDIT_COMPLETENESS, reading)).isEqualTo(Status.CRITICAL);
    }

    @Test
    void tenantContextCountsEventsAndProposalsOfAnotherStudio() throws Exception {
        assertThat(f.read(Indicator.TENANT_CONTEXT).value()).isEmpty();
        for (int i = 0; i < 8; i++) {
            f.pending(hoursAgo(10 - i));
        }
        assertThat(f.read(Indicator.TENANT_CONTEXT).value()).contains(100.0);
        // Another studio's proposal and event in this database; and an old one outside the week, not counted.
        f.pending("studio-other", hoursAgo(2), true);
        f.event(AuditRecord.of("studio-other", ActorType.SYSTEM, "hub", "hub.started"), hoursAgo(1));
        Reading reading = f.read(Indicator.TENANT_CONTEXT);
        // 8 + 8 own, 1 + 2 other: 16 of 19.
        assertThat(reading.value()).contains(84.21);
        assertThat(reading.detail()).contains("2 of 10 ledger events").contains("1 of 9 proposals");
        assertThat(statusOf(Indicator.TENANT_CONTEXT, reading)).isEqualTo(Status.CRITICAL);
    }

    @Test
    void connectorHealthIsUnknownWithoutABoardAndCountsOnlyConfiguredConnectors() throws Exception {
        Reading unwired = f.read(Indicator.CONNECTOR_HEALTH);
        assertThat(unwired.value()).isEmpty();
        assertThat(unwired.detail()).contains("not wired");

        Measurements none = f.measurements(Optional.of(() -> List.of(
                new ConnectorView("valetudo", false, Availability.DOWN))));
        assertThat(f.read(none, Indicator.CONNECTOR_HEALTH).detail()).contains("no connector is configured");

        Measurements board = f.measurements(Optional.of(() -> List.of(
                new ConnectorView("hubitat", true, Availability.HEALTHY),
                new ConnectorView("home-assistant", true, Availability.DEGRADED),
                new ConnectorView("firestore", true, Availability.HEALTHY),
                new ConnectorView("valetudo", false, Availability.DOWN))));
        Reading reading = f.read(board, Indicator.CONNECTOR_HEALTH);
        assertThat(reading.value()).contains(66.67);
        assertThat(reading.detail()).contains("home-assistant degraded").doesNotContain("valetudo");
        assertThat(statusOf(Indicator.CONNECTOR_HEALTH, reading)).isEqualTo(Status.WARNING);

        Measurements broken = f.measurements(Optional.of(() -> {
            throw new IllegalStateException("board not started");
        }));
        assertThat(f.read(broken, Indicator.CONNECTOR_HEALTH).value()).isEmpty();
    }

    @Test
    void readinessRatioIsTheShareOfTheDaysHeartbeatRunsThatSucceeded() throws Exception {
        assertThat(f.read(Indicator.READINESS_RATIO).value()).isEmpty();
        for (int i = 0; i < 97; i++) {
            f.jobRun("heartbeat", "succeeded", f.clock.instant().minus(Duration.ofMinutes(i + 1)));
        }
        f.jobRun("heartbeat", "failed", hoursAgo(2));
        f.jobRun("heartbeat", "failed", hoursAgo(3));
        f.jobRun("heartbeat", "failed", hoursAgo(4));
        f.jobRun("heartbeat", "running", hoursAgo(0));
        f.jobRun("heartbeat", "failed", hoursAgo(30));
        f.jobRun("ops-anomaly-scan", "failed", hoursAgo(1));
        Reading reading = f.read(Indicator.READINESS_RATIO);
        assertThat(reading.value()).contains(97.0);
        assertThat(reading.detail()).isEqualTo("97 of 100 heartbeat runs succeeded");
        assertThat(statusOf(Indicator.READINESS_RATIO, reading)).isEqualTo(Status.WARNING);
    }
}
