package studio.brain.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static studio.brain.gate.GateFixture.LAMP;
import static studio.brain.gate.GateFixture.NOTE;
import static studio.brain.gate.GateFixture.agent;
import static studio.brain.gate.GateFixture.staff;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import studio.brain.ledger.LedgerVerifier;

/**
 * The gate's promises under random interleavings of proposals, decisions, exemptions, the kill switch, executions
 * (with real, replayed and forged grants) and time: nothing executes without a staff approval by someone else or a
 * live exemption; nothing executes while the kill switch is on; every transition has its ledger event.
 */
class GatePromisesProperties {

    enum Step { SUBMIT_STAFF, SUBMIT_AGENT, SUBMIT_LAMP, APPROVE_OTHER, APPROVE_SELF, APPROVE_AGENT, REJECT, REOPEN,
        EXEMPT, REVOKE, KILL_ON, KILL_OFF, EXECUTE, EXECUTE_REPLAY, EXECUTE_FORGED, ADVANCE_HOURS, ADVANCE_DAYS, EXPIRE }

    @Provide
    Arbitrary<List<Step>> steps() {
        return Arbitraries.of(Step.class).list().ofMinSize(5).ofMaxSize(30);
    }

    @Property(tries = 25)
    void nothingExecutesWithoutApprovalOrExemptionNorWhileStopped(@ForAll("steps") @Size(min = 5) List<Step> steps)
            throws Exception {
        try (GateFixture f = new GateFixture()) {
            List<UUID> proposals = new ArrayList<>();
            Map<UUID, String> grants = new HashMap<>();
            List<String> exemptions = new ArrayList<>();
            boolean killSwitch = false;
            AtomicInteger sends = new AtomicInteger();
            int n = 0;
            for (Step step : steps) {
                n++;
                UUID target = proposals.isEmpty() ? null : proposals.get(n % proposals.size());
                try {
                    switch (step) {
                        case SUBMIT_STAFF, SUBMIT_AGENT, SUBMIT_LAMP -> {
                            Actor who = step == Step.SUBMIT_AGENT
                                    ? agent("bot", "uid-a", "capability:" + NOTE + ":propose") : staff("mara");
                            ProposalRequest request = step == Step.SUBMIT_LAMP
                                    ? new ProposalRequest(LAMP, GateFixture.TENANT, "lamp-1", null,
                                    ProposalGate.json("{\"deviceId\":\"12\",\"command\":\"on\"}"),
                                    "Ventilation lamp on for the glaze room", null, null, null)
                                    : GateFixture.note("note " + n, step == Step.SUBMIT_AGENT ? "uid-a" : null, null);
                            ProposalGate.Outcome outcome = f.submit(who, request);
                            if (killSwitch) {
                                // A duplicate answers with the first (earlier) outcome; nothing new is created.
                                assertThat(outcome.allowed() && !outcome.duplicate()).as("no write proposal while stopped")
                                        .isFalse();
                            }
                            if (outcome.allowed() && !outcome.duplicate()) {
                                proposals.add(outcome.proposalId());
                                if (outcome.grant() != null) {
                                    grants.put(outcome.proposalId(), outcome.grant());
                                }
                            }
                        }
                        case APPROVE_OTHER, APPROVE_SELF, APPROVE_AGENT -> {
                            if (target != null) {
                                Actor who = switch (step) {
                                    case APPROVE_OTHER -> staff("tomas");
                                    case APPROVE_SELF -> staff("mara");
                                    default -> agent("bot", "uid-a", "capability:" + NOTE + ":execute");
                                };
                                String grant = f.decisions.approve(who, target, "Checked the shelf list, fine to go", "r")
                                        .grant();
                                grants.put(target, grant);
                            }
                        }
                        case REJECT -> {
                            if (target != null) {
                                f.decisions.reject(staff("tomas"), target, "Not needed this week after all", "r");
                            }
                        }
                        case REOPEN -> {
                            if (target != null) {
                                f.decisions.reopen(staff("tomas"), target, "New information came in from the floor", "r");
                            }
                        }
                        case EXEMPT -> exemptions.add(f.controls.createExemption(staff("lead"), NOTE, null,
                                f.clock.instant().plus(Duration.ofHours(6)), "Routine notes during open studio", "r").id());
                        case REVOKE -> {
                            if (!exemptions.isEmpty()) {
                                f.controls.revokeExemption(staff("lead"), exemptions.remove(0), "Open studio is over", "r");
                            }
                        }
                        case KILL_ON, KILL_OFF -> {
                            killSwitch = step == Step.KILL_ON;
                            f.controls.setKillSwitch(staff("lead"), killSwitch, "Drill of the emergency stop procedure", "r");
                        }
                        case EXECUTE, EXECUTE_REPLAY, EXECUTE_FORGED -> {
                            if (target != null) {
                                String grant = grants.get(target);
                                if (step == Step.EXECUTE_FORGED && grant != null) {
                                    grant = grant.substring(0, grant.length() - 4) + "AAAA";
                                }
                                int before = sends.get();
                                boolean stopped = killSwitch;
                                ExecutionService.Result result = f.execution.execute(staff("tomas"), target, grant,
                                        e -> sends.incrementAndGet(), "r");
                                if (sends.get() > before) {
                                    assertThat(stopped).as("sent while the kill switch was on").isFalse();
                                    assertThat(result.status()).isEqualTo("executed");
                                    assertThat(legitimatelyApproved(f, target)).as("executed without approval").isTrue();
                                }
                                if (step == Step.EXECUTE_REPLAY) {
                                    int again = sends.get();
                                    try {
                                        f.execution.execute(staff("tomas"), target, grant, e -> sends.incrementAndGet(), "r");
                                    } catch (GateException expected) {
                                        // a replayed grant is refused
                                    }
                                    assertThat(sends.get()).as("a grant is single-use").isEqualTo(again);
                                }
                            }
                        }
                        case ADVANCE_HOURS -> f.clock.advance(Duration.ofHours(3));
                        case ADVANCE_DAYS -> f.clock.advance(Duration.ofDays(3));
                        case EXPIRE -> f.decisions.expireDue();
                        default -> throw new IllegalStateException();
                    }
                } catch (GateException refused) {
                    // Refusals are expected along the way; the invariants below are what must hold.
                }
            }
            assertThat(f.count("select count(*) from proposal_transitions")).as("a ledger event per transition")
                    .isEqualTo(f.count("select count(*) from audit_events where action like 'proposal.%' and action "
                            + "not like '%refused' and action <> 'proposal.denied'"));
            assertThat(LedgerVerifier.verify(f.db.hub, f.key.verifier(), 0, x -> { }).ok()).isTrue();
        }
    }

    /** Approved by staff other than the requester, or created approved under an exemption. */
    private static boolean legitimatelyApproved(GateFixture f, UUID proposal) throws Exception {
        try (Connection c = f.db.owner.getConnection();
             PreparedStatement ps = c.prepareStatement("select exists (select 1 from proposal_transitions t join proposals p "
                     + "on p.id = t.proposal_id where t.proposal_id = ? and t.to_status = 'approved' and t.actor_type = "
                     + "'staff' and ((t.from_status = 'pending_approval' and t.actor_id <> p.requested_by_id) or "
                     + "(t.from_status is null and p.exemption_id is not null)))")) {
            ps.setObject(1, proposal);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
