package studio.brain.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static studio.brain.gate.GateFixture.LAMP;
import static studio.brain.gate.GateFixture.NOTE;
import static studio.brain.gate.GateFixture.PUBLISH;
import static studio.brain.gate.GateFixture.READ;
import static studio.brain.gate.GateFixture.TENANT;
import static studio.brain.gate.GateFixture.agent;
import static studio.brain.gate.GateFixture.note;
import static studio.brain.gate.GateFixture.staff;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Every reason code the gate gives, reached through the gate itself, and what each leaves behind. */
class GateTest {

    @Test
    void submissionsAreDecidedInOrderAndEachDenialLeavesOneLedgerEventAndNoProposal() throws Exception {
        try (GateFixture f = new GateFixture()) {
            Actor staff = staff("mara");
            record Case(String name, Actor actor, ProposalRequest request, ReasonCode expected) {
            }
            List<Case> denials = List.of(
                    new Case("unknown capability", staff, new ProposalRequest("kiln.fire.now", TENANT, "kiln-1", null,
                            ProposalGate.json("{}"), "Fire the kiln now for the rush order", null, null, null),
                            ReasonCode.UNKNOWN_CAPABILITY),
                    new Case("disabled capability", staff, new ProposalRequest(PUBLISH, TENANT, "site", null,
                            ProposalGate.json("{}"), "Publish the weekly studio digest", null, null, null),
                            ReasonCode.CAPABILITY_DISABLED),
                    new Case("input not fitting the action schema", staff, note("", null, null), ReasonCode.INVALID_INPUT),
                    new Case("trivial rationale", staff, new ProposalRequest(NOTE, TENANT, "studioOpsNotes", null,
                            ProposalGate.json("{\"text\":\"x\"}"), "ok", null, null, null), ReasonCode.RATIONALE_REQUIRED),
                    new Case("agent without the scope", agent("helper-bot", "uid-a", "capability:" + NOTE + ":execute"),
                            note("a", "uid-a", null), ReasonCode.SCOPE_MISSING),
                    new Case("agent on another owner's resource", agent("helper-bot", "uid-a",
                            "capability:" + NOTE + ":propose"), note("b", "uid-b", null), ReasonCode.OWNER_MISMATCH),
                    new Case("another studio", Actor.staff("ana", "clay-north", Set.of("staff")), note("c", null, null),
                            ReasonCode.TENANT_MISMATCH));
            for (Case c : denials) {
                long before = f.ledgerCount("proposal.denied");
                ProposalGate.Outcome outcome = f.submit(c.actor(), c.request());
                assertThat(outcome.allowed()).as(c.name()).isFalse();
                assertThat(outcome.reason()).as(c.name()).isEqualTo(c.expected());
                assertThat(outcome.decisionId()).isNotNull();
                assertThat(f.ledgerCount("proposal.denied")).as(c.name()).isEqualTo(before + 1);
                assertThat(f.count("select count(*) from audit_events where metadata->>'decisionId' = '"
                        + outcome.decisionId() + "'")).isEqualTo(1);
            }
            assertThat(f.count("select count(*) from proposals")).isZero();
            assertThat(f.count("select count(*) from outbox")).isZero();
        }
    }

    @Test
    void allowedProposalsCarryProposalLedgerEventAndOutboxMessageTogether() throws Exception {
        try (GateFixture f = new GateFixture()) {
            ProposalGate.Outcome pending = f.submit(agent("helper-bot", "uid-a", "capability:" + NOTE + ":propose"),
                    note("check shelf 3", "uid-a", null));
            assertThat(pending.reason()).isEqualTo(ReasonCode.APPROVAL_REQUIRED);
            assertThat(pending.status()).isEqualTo("pending_approval");
            ProposalGate.Outcome read = f.submit(Actor.system("ops-scan", TENANT), new ProposalRequest(READ, TENANT,
                    "payments", null, ProposalGate.json("{\"window\":\"P7D\"}"), "Weekly reconciliation needs payments",
                    null, null, null));
            assertThat(read.reason()).isEqualTo(ReasonCode.ALLOWED);
            assertThat(read.status()).isEqualTo("approved");
            assertThat(f.count("select count(*) from proposals")).isEqualTo(2);
            assertThat(f.count("select count(*) from outbox where topic = 'proposal.created'")).isEqualTo(2);
            assertThat(f.ledgerCount("proposal.created")).isEqualTo(2);
            assertThat(f.count("select count(*) from audit_events where action = 'proposal.created' and "
                    + "metadata->>'decisionId' = '" + pending.decisionId() + "' and correlation_id = '"
                    + pending.proposalId() + "'")).isEqualTo(1);
        }
    }

    @Test
    void duplicatesGetTheFirstAnswerAndAreCountedNotProcessed() throws Exception {
        try (GateFixture f = new GateFixture()) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<ProposalGate.Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> f.submit(staff("mara"), note("same note", null, null))));
            }
            List<ProposalGate.Outcome> outcomes = new ArrayList<>();
            for (Future<ProposalGate.Outcome> future : futures) {
                outcomes.add(future.get());
            }
            pool.shutdown();
            assertThat(outcomes).extracting(ProposalGate.Outcome::proposalId).containsOnly(outcomes.get(0).proposalId());
            assertThat(outcomes).filteredOn(ProposalGate.Outcome::duplicate).hasSize(7)
                    .allSatisfy(o -> assertThat(o.reason()).isEqualTo(ReasonCode.DUPLICATE));
            assertThat(f.count("select count(*) from proposals")).isEqualTo(1);
            assertThat(f.count("select duplicate_count from proposals")).isEqualTo(7);
            assertThat(f.ledgerCount("proposal.created")).isEqualTo(1);
        }
    }

    @Test
    void killSwitchIntakeHoldQuotaAndExemptionsShapeTheDecision() throws Exception {
        try (GateFixture f = new GateFixture()) {
            Actor staff = staff("mara");
            f.controls.setKillSwitch(staff, true, "Smoke alarm in the kiln room, stop everything", "r1");
            assertThat(f.submit(staff, note("during stop", null, null)).reason()).isEqualTo(ReasonCode.BLOCKED_BY_POLICY);
            f.controls.setKillSwitch(staff, false, "Alarm cleared by the fire marshal", "r2");
            assertThat(f.submit(staff, note("after stop", null, null)).reason()).isEqualTo(ReasonCode.APPROVAL_REQUIRED);

            try (var c = f.db.hub.getConnection()) {
                PolicyStore.append(c, TENANT, PolicyStore.INTAKE_HOLD, "work-77", PolicyStore.payload(), "intake",
                        "flagged", f.clock.instant());
            }
            assertThat(f.submit(staff, note("held", null, "work-77")).reason()).isEqualTo(ReasonCode.INTAKE_HOLD);

            Actor bot = agent("bot", "uid-a", "capability:" + NOTE + ":propose");
            for (int i = 0; i < 3; i++) {
                assertThat(f.submit(bot, note("quota " + i, "uid-a", null)).allowed()).isTrue();
            }
            ProposalGate.Outcome limited = f.submit(bot, note("quota 4", "uid-a", null));
            assertThat(limited.reason()).isEqualTo(ReasonCode.RATE_LIMITED);
            assertThat(limited.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofHours(1));
            assertThat(f.ledgerCount("rate_limit.triggered")).isEqualTo(1);
            f.controls.resetQuota(staff, "actor:bot:" + NOTE, "Bot backlog cleared by staff review", "r3");
            assertThat(f.submit(bot, note("after reset", "uid-a", null)).allowed()).isTrue();

            PolicyState.Exemption exemption = f.controls.createExemption(staff, NOTE, null,
                    f.clock.instant().plus(Duration.ofDays(1)), "Routine shelf notes during the open studio week", "r4");
            ProposalGate.Outcome exempted = f.submit(staff, note("exempted", null, null));
            assertThat(exempted.status()).isEqualTo("approved");
            assertThat(f.count("select count(*) from proposals where exemption_id = '" + exemption.id() + "'")).isEqualTo(1);
            assertThatThrownBy(() -> f.controls.createExemption(staff, LAMP, null, f.clock.instant().plus(Duration.ofDays(1)),
                    "Let the lamps switch without asking", "r5"))
                    .isInstanceOf(GateException.class).extracting(e -> ((GateException) e).reason())
                    .isEqualTo(ReasonCode.NOT_EXEMPTABLE);
            f.controls.revokeExemption(staff, exemption.id(), "Open studio week is over now", "r6");
            assertThat(f.submit(staff, note("after revoke", null, null)).status()).isEqualTo("pending_approval");
            f.clock.advance(Duration.ofDays(2));
            assertThat(f.controls.killSwitch().on()).isFalse();
        }
    }

    @Test
    void staffDecideOthersProposalsOnceWithARationaleAndApprovalMintsAGrant() throws Exception {
        try (GateFixture f = new GateFixture()) {
            Actor bot = agent("bot", "uid-a", "capability:" + NOTE + ":propose");
            UUID id = f.submit(bot, note("shelf", "uid-a", null)).proposalId();
            assertReason(() -> f.decisions.approve(bot, id, "Agent tries to approve itself", "r"), ReasonCode.FORBIDDEN);
            assertReason(() -> f.decisions.approve(staff("mara"), id, "ok", "r"), ReasonCode.RATIONALE_REQUIRED);
            assertReason(() -> f.decisions.approve(Actor.staff("ana", "clay-north", Set.of("staff")), id,
                    "Approving for the other studio", "r"), ReasonCode.TENANT_MISMATCH);

            ExecutorService pool = Executors.newFixedThreadPool(2);
            Callable<Object> approve = () -> {
                try {
                    return f.decisions.approve(staff("mara"), id, "Shelf check is overdue, go ahead", "r");
                } catch (GateException e) {
                    return e.reason();
                }
            };
            List<Future<Object>> both = List.of(pool.submit(approve), pool.submit(approve));
            List<Object> results = new ArrayList<>();
            for (Future<Object> future : both) {
                results.add(future.get());
            }
            pool.shutdown();
            assertThat(results).filteredOn(r -> r instanceof ProposalDecisions.Result).hasSize(1);
            assertThat(results).contains(ReasonCode.ALREADY_DECIDED);
            ProposalDecisions.Result approved = (ProposalDecisions.Result) results.stream()
                    .filter(r -> r instanceof ProposalDecisions.Result).findFirst().orElseThrow();
            GrantToken grant = GrantToken.verify(approved.grant(), f.key.verifier());
            assertThat(grant.proposalId()).isEqualTo(id);
            assertThat(grant.capabilityId()).isEqualTo(NOTE);
            assertThat(f.ledgerCount("proposal.approved")).isEqualTo(1);
            assertThat(f.ledgerCount("proposal.approve_refused")).isEqualTo(4);

            UUID mine = f.submit(staff("mara"), note("mine", null, null)).proposalId();
            assertReason(() -> f.decisions.approve(staff("mara"), mine, "I approve my own note", "r"),
                    ReasonCode.SELF_APPROVAL);
            f.decisions.reject(staff("tomas"), mine, "Duplicate of yesterday's shelf note", "r");
            assertReason(() -> f.decisions.approve(staff("tomas"), mine, "Changed my mind about it", "r"),
                    ReasonCode.ALREADY_DECIDED);
            assertThat(f.decisions.reopen(staff("tomas"), mine, "New damage found on shelf 3", "r").status())
                    .isEqualTo("pending_approval");

            UUID late = f.submit(staff("mara"), note("late", null, null)).proposalId();
            f.clock.advance(ProposalGate.PROPOSAL_LIFETIME.plusMinutes(1));
            assertReason(() -> f.decisions.approve(staff("tomas"), late, "Approving an old proposal now", "r"),
                    ReasonCode.PROPOSAL_EXPIRED);
            assertThat(f.count("select count(*) from proposals where id = '" + late + "' and status = 'expired'"))
                    .isEqualTo(1);
            assertThat(f.decisions.expireDue()).isEqualTo(1);
            assertThat(f.count("select count(*) from proposal_transitions")).isEqualTo(
                    f.count("select count(*) from audit_events where action like 'proposal.%' "
                            + "and action not like '%refused' and action <> 'proposal.denied'"));
        }
    }

    @Test
    void aGrantSignedElsewhereOrChangedIsRefused() throws Exception {
        try (GateFixture f = new GateFixture()) {
            UUID id = f.submit(agent("bot", "uid-a", "capability:" + NOTE + ":propose"), note("g", "uid-a", null))
                    .proposalId();
            String grant = f.decisions.approve(staff("mara"), id, "Fine to add this shelf note", "r").grant();
            String[] parts = grant.split("\\.");
            String forged = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
            assertReason(() -> GrantToken.verify(forged, f.key.verifier()), ReasonCode.GRANT_INVALID);
            var stranger = studio.brain.ledger.SigningKey.loadOrCreate(java.nio.file.Files.createTempDirectory("k"), "x");
            assertReason(() -> GrantToken.verify(grant, stranger.verifier()), ReasonCode.GRANT_INVALID);
            assertReason(() -> GrantToken.verify("v1.garbage", f.key.verifier()), ReasonCode.GRANT_INVALID);
        }
    }

    private static void assertReason(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ReasonCode reason) {
        assertThatThrownBy(call).isInstanceOf(GateException.class)
                .extracting(e -> ((GateException) e).reason()).isEqualTo(reason);
    }
}
