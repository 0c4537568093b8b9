package studio.brain.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static studio.brain.gate.GateFixture.DRY;
import static studio.brain.gate.GateFixture.NOTE;
import static studio.brain.gate.GateFixture.TENANT;
import static studio.brain.gate.GateFixture.agent;
import static studio.brain.gate.GateFixture.note;
import static studio.brain.gate.GateFixture.staff;

import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

/**
 * Execution of an approved proposal happens once, and every way it must not happen is refused with its reason code
 * and a ledger event: no approval, an expired proposal, a replayed grant, the kill switch flipped after approval, the
 * proposing agent's delegation revoked after approval, another studio, no dry run for a medium-risk write. A timeout
 * is an unknown outcome that is never retried, and an execution a crash left open is closed, not sent again.
 */
class ExecutionRefusalsTest {
    private final AtomicInteger sends = new AtomicInteger();
    private final ActionSender recording = execution -> {
        sends.incrementAndGet();
        return Map.of("resource", "firestore:studioOpsNotes/" + execution.idempotencyKey(), "preHash", "a",
                "postHash", "b");
    };

    private UUID approvedNote(GateFixture f, String text) throws SQLException {
        return proposedBy(f, "bot", text);
    }

    private static UUID proposedBy(GateFixture f, String agentId, String text) throws SQLException {
        UUID id = f.submit(agent(agentId, "uid-a", "capability:" + NOTE + ":propose"), note(text, "uid-a", null))
                .proposalId();
        assertThat(id).as("the agent's proposal was accepted").isNotNull();
        return id;
    }

    private String approve(GateFixture f, UUID id) throws SQLException {
        return f.decisions.approve(staff("mara"), id, "The shelf note is accurate and useful", "r").grant();
    }

    @Test
    void anApprovedWriteRunsOnceAndItsRecordNamesApprovalActorKeyAndHashes() throws Exception {
        try (GateFixture f = new GateFixture()) {
            UUID id = approvedNote(f, "once");
            String grant = approve(f, id);
            ExecutionService.Result result = f.execution.execute(staff("tomas"), id, grant, recording, "req-1");
            assertThat(result.status()).isEqualTo("executed");
            assertThat(result.resource()).startsWith("firestore:studioOpsNotes/");
            assertThat(sends).hasValue(1);

            // Replayed grant: refused, nothing sent again.
            refused(() -> f.execution.execute(staff("tomas"), id, grant, recording, "req-2"), ReasonCode.NOT_APPROVED);
            assertThat(sends).hasValue(1);
            assertThat(f.count("select count(*) from executions where proposal_id = '" + id + "' and status = "
                    + "'succeeded' and approved_by = 'mara' and executed_by = 'tomas' and pre_hash = 'a' "
                    + "and post_hash = 'b'")).isEqualTo(1);
            assertThat(f.ledgerCount("execution.requested")).isEqualTo(1);
            assertThat(f.ledgerCount("execution.succeeded")).isEqualTo(1);
            assertThat(f.count("select count(*) from audit_events where action = 'execution.succeeded' and "
                    + "metadata->>'approvedBy' = 'mara' and metadata->>'idempotencyKey' is not null and "
                    + "metadata->>'approvalId' is not null and metadata->>'resource' like 'firestore:%'"))
                    .isEqualTo(1);
            assertThat(refusals(f)).containsExactly("NOT_APPROVED");
        }
    }

    @Test
    void eachWayAWriteMustNotRunIsRefusedWithItsReasonAndNothingIsSent() throws Exception {
        try (GateFixture f = new GateFixture()) {
            // No approval: a grant minted for another proposal does not open this one.
            UUID pending = approvedNote(f, "pending");
            String otherGrant = approve(f, approvedNote(f, "other"));
            refused(() -> f.execution.execute(staff("tomas"), pending, otherGrant, recording, "r"),
                    ReasonCode.GRANT_INVALID);

            // The kill switch flipped between approval and send.
            UUID killed = approvedNote(f, "killed");
            String killedGrant = approve(f, killed);
            f.controls.setKillSwitch(staff("mara"), true, "Kiln room inspection this afternoon", "r");
            refused(() -> f.execution.execute(staff("tomas"), killed, killedGrant, recording, "r"),
                    ReasonCode.BLOCKED_BY_POLICY);
            f.controls.setKillSwitch(staff("mara"), false, "Inspection done and the room is safe", "r");

            // The proposing agent's delegation revoked between approval and execution.
            UUID revoked = proposedBy(f, "helper-bot", "revoked");
            String revokedGrant = approve(f, revoked);
            f.revoke("helper-bot");
            refused(() -> f.execution.execute(staff("tomas"), revoked, revokedGrant, recording, "r"),
                    ReasonCode.DELEGATION_REVOKED);

            // Another studio's staff cannot run this studio's proposal.
            UUID foreign = f.submit(staff("ana"), note("foreign", null, null)).proposalId();
            String foreignGrant = approve(f, foreign);
            refused(() -> f.execution.execute(Actor.staff("tomas", "clay-north", Set.of("staff")), foreign,
                    foreignGrant, recording, "r"), ReasonCode.TENANT_MISMATCH);

            // Approved near the end of its life, the proposal expires before its grant does.
            UUID late = f.submit(staff("ana"), note("late", null, null)).proposalId();
            f.clock.advance(ProposalGate.PROPOSAL_LIFETIME.minusMinutes(10));
            String lateGrant = approve(f, late);
            f.clock.advance(Duration.ofMinutes(20));
            refused(() -> f.execution.execute(staff("tomas"), late, lateGrant, recording, "r"),
                    ReasonCode.PROPOSAL_EXPIRED);

            assertThat(sends).hasValue(0);
            assertThat(refusals(f)).containsExactlyInAnyOrder("GRANT_INVALID", "BLOCKED_BY_POLICY",
                    "DELEGATION_REVOKED", "TENANT_MISMATCH", "PROPOSAL_EXPIRED");
            assertThat(f.count("select count(*) from executions")).isZero();
        }
    }

    @Test
    void aMediumRiskWriteRunsOnlyAfterStaffLookedAtItsDryRun() throws Exception {
        try (GateFixture f = new GateFixture()) {
            UUID id = f.submit(staff("ana"), new ProposalRequest(DRY, TENANT, "studioOpsNotes", null,
                    ProposalGate.json("{\"text\":\"remove\"}"), "The note was written for the wrong kiln",
                    null, List.of(), null)).proposalId();
            String grant = approve(f, id);
            refused(() -> f.execution.execute(staff("tomas"), id, grant, recording, "r"), ReasonCode.DRY_RUN_REQUIRED);
            assertThat(sends).hasValue(0);

            DryRuns dryRuns = new DryRuns(() -> f.db.hub, f.clock, f.ledger, TENANT);
            dryRuns.record(staff("tomas"), id, DRY, ProposalGate.json("{\"change\":\"delete\"}"), "r");
            assertThat(dryRuns.latest(id).get("change").asText()).isEqualTo("delete");
            // The refusal did not spend the grant: the same grant runs it now.
            assertThat(f.execution.execute(staff("tomas"), id, grant, recording, "r").status()).isEqualTo("executed");
            assertThat(sends).hasValue(1);
            assertThat(f.ledgerCount("dry_run.generated")).isEqualTo(1);
        }
    }

    @Test
    void aTimeoutIsAnUnknownOutcomeThatRaisesADriftCheckAndIsNeverRetried() throws Exception {
        try (GateFixture f = new GateFixture()) {
            List<ExecutionService.UnknownOutcome> unknown = new ArrayList<>();
            f.execution.onUnknownOutcome(unknown::add);
            UUID id = approvedNote(f, "slow");
            String grant = approve(f, id);
            ExecutionService.Result result = f.execution.execute(staff("tomas"), id, grant, execution -> {
                sends.incrementAndGet();
                throw new SocketTimeoutException("read timed out");
            }, "r");
            assertThat(result.status()).isEqualTo("failed");
            assertThat(result.reason()).isEqualTo(ReasonCode.OUTCOME_UNKNOWN);
            assertThat(unknown).hasSize(1);
            assertThat(f.count("select count(*) from executions where status = 'unknown'")).isEqualTo(1);
            refused(() -> f.execution.execute(staff("tomas"), id, grant, recording, "r"), ReasonCode.NOT_APPROVED);
            assertThat(sends).hasValue(1);
        }
    }

    @Test
    void anExecutionACrashLeftOpenIsClosedAsUnknownAndNeverSentAgain() throws Exception {
        try (GateFixture f = new GateFixture()) {
            UUID id = approvedNote(f, "crash");
            String grant = approve(f, id);
            // The hub dies while the action is in flight: nothing after the send runs.
            assertThatThrownBy(() -> f.execution.execute(staff("tomas"), id, grant, execution -> {
                sends.incrementAndGet();
                throw new HubDied();
            }, "r")).isInstanceOf(HubDied.class);
            assertThat(f.count("select count(*) from proposals where id = '" + id + "' and status = 'executing'"))
                    .isEqualTo(1);

            // After the restart: too young to close yet, then closed once the budget has passed.
            ExecutionService restarted = new ExecutionService(() -> f.db.hub, f.clock, f.ledger, f.key.verifier(),
                    GateFixture.CATALOG, TENANT, true);
            assertThat(restarted.closeInterrupted(ExecutionService.EXECUTION_BUDGET)).isZero();
            f.clock.advance(ExecutionService.EXECUTION_BUDGET.plusSeconds(1));
            assertThat(restarted.closeInterrupted(ExecutionService.EXECUTION_BUDGET)).isEqualTo(1);
            assertThat(restarted.closeInterrupted(ExecutionService.EXECUTION_BUDGET)).isZero();
            assertThat(f.count("select count(*) from proposals where id = '" + id + "' and status = 'failed'"))
                    .isEqualTo(1);
            assertThat(f.count("select count(*) from executions where status = 'unknown'")).isEqualTo(1);
            refused(() -> restarted.execute(staff("tomas"), id, grant, recording, "r"), ReasonCode.NOT_APPROVED);
            assertThat(sends).hasValue(1);
        }
    }

    /** Stands for the process going away: an Error the execution does not catch. */
    private static final class HubDied extends Error {
    }

    private static List<String> refusals(GateFixture f) throws SQLException {
        List<String> reasons = new ArrayList<>();
        try (var c = f.db.owner.getConnection(); var s = c.createStatement(); var rs = s.executeQuery(
                "select metadata->>'reason' from audit_events where action = 'proposal.execute_refused' order by seq")) {
            while (rs.next()) {
                reasons.add(rs.getString(1));
            }
        }
        return reasons;
    }

    private static void refused(ThrowableAssert.ThrowingCallable call, ReasonCode reason) {
        assertThatThrownBy(call).isInstanceOf(GateException.class)
                .extracting(e -> ((GateException) e).reason()).isEqualTo(reason);
    }
}
