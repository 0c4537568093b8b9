package studio.brain.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static studio.brain.gate.GateFixture.NOTE;
import static studio.brain.gate.GateFixture.TENANT;
import static studio.brain.gate.GateFixture.agent;
import static studio.brain.gate.GateFixture.note;
import static studio.brain.gate.GateFixture.staff;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Submissions that share a transaction get the answers each would get alone: quotas count every earlier submission
 * of the batch, and a submission the database refuses fails alone.
 */
class GateBatchTest {

    @Test
    void concurrentSubmissionsNeverOverrunAQuota() throws Exception {
        try (GateFixture f = new GateFixture()) {
            Actor bot = agent("bot", "uid-a", "capability:" + NOTE + ":propose");
            List<Callable<ProposalGate.Outcome>> calls = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                ProposalRequest request = note("quota " + i, "uid-a", null);
                calls.add(() -> f.submit(bot, request));
            }
            List<ProposalGate.Outcome> outcomes = whileProposalsAreLocked(f, calls);

            assertThat(outcomes).filteredOn(ProposalGate.Outcome::allowed).hasSize(3);
            assertThat(outcomes).filteredOn(o -> o.reason() == ReasonCode.RATE_LIMITED).hasSize(9);
            assertThat(f.count("select count(*) from proposals")).isEqualTo(3);
            assertThat(f.count("select used from quota_windows where bucket = 'actor:bot:" + NOTE + "'")).isEqualTo(3);
            assertThat(f.ledgerCount("rate_limit.triggered")).isEqualTo(9);
        }
    }

    @Test
    void aSubmissionTheDatabaseRefusesFailsAloneAndLeavesNothing() throws Exception {
        try (GateFixture f = new GateFixture()) {
            f.db.tamper("create function refuse_poison() returns trigger language plpgsql as $$ begin "
                    + "if new.input->>'text' = 'poison' then raise exception 'refused for the test'; end if; "
                    + "return new; end $$",
                    "create trigger refuse_poison before insert on proposals for each row execute function refuse_poison()");
            List<Callable<ProposalGate.Outcome>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ProposalRequest request = note(i == 3 ? "poison" : "healthy " + i, null, null);
                Actor author = staff("staff-" + i);
                calls.add(() -> f.submit(author, request));
            }
            List<Object> answers = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(calls.size());
            try {
                for (Future<ProposalGate.Outcome> future : submitWhileLocked(f, pool, calls)) {
                    try {
                        answers.add(future.get());
                    } catch (ExecutionException e) {
                        answers.add(e.getCause());
                    }
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(answers.get(3)).isInstanceOf(SQLException.class);
            assertThat(answers).filteredOn(a -> a instanceof ProposalGate.Outcome o && o.allowed()).hasSize(5);
            assertThat(f.count("select count(*) from proposals")).isEqualTo(5);
            assertThat(f.ledgerCount("proposal.created")).isEqualTo(5);
            assertThat(f.count("select count(*) from outbox")).isEqualTo(5);
        }
    }

    @Test
    void aNulCharacterIsAClearRefusalNotADatabaseError() throws Exception {
        try (GateFixture f = new GateFixture()) {
            ProposalGate.Outcome outcome = f.submit(staff("mara"), new ProposalRequest(NOTE, TENANT, "shelf\0",
                    null, ProposalGate.json("{\"text\":\"kiln\\u0000\"}"), "Kiln 2 needs a shelf check before Friday",
                    null, List.of(), null));
            assertThat(outcome.reason()).isEqualTo(ReasonCode.INVALID_INPUT);
            assertThat(outcome.message()).contains("NUL");
            assertThat(f.count("select count(*) from proposals")).isZero();
            assertThat(f.ledgerCount("proposal.denied")).isEqualTo(1);
        }
    }

    private static List<ProposalGate.Outcome> whileProposalsAreLocked(GateFixture f,
                                                                     List<Callable<ProposalGate.Outcome>> calls)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            List<ProposalGate.Outcome> outcomes = new ArrayList<>();
            for (Future<ProposalGate.Outcome> future : submitWhileLocked(f, pool, calls)) {
                outcomes.add(future.get());
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Holds a lock on the proposals table while the calls are submitted, so the gate's writer waits on its first
     * batch and the others queue up behind it — most of them then share the next transaction.
     */
    private static List<Future<ProposalGate.Outcome>> submitWhileLocked(GateFixture f, ExecutorService pool,
                                                                       List<Callable<ProposalGate.Outcome>> calls)
            throws Exception {
        List<Future<ProposalGate.Outcome>> futures = new ArrayList<>();
        try (Connection lock = f.db.owner.getConnection(); Statement s = lock.createStatement()) {
            lock.setAutoCommit(false);
            s.execute("lock table proposals in exclusive mode");
            for (Callable<ProposalGate.Outcome> call : calls) {
                futures.add(pool.submit(call));
            }
            Thread.sleep(500);
            lock.commit();
        }
        return futures;
    }
}
