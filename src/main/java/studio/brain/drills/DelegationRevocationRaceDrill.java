package studio.brain.drills;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An agent's delegation is revoked while staff approve and execute its proposals at once. The database's commit
 * timestamps order what committed: an execution of that agent's proposal whose claim committed after the revocation
 * is an unauthorized write. Detect is the time from the revocation to the hub's first DELEGATION_REVOKED refusal (one
 * proposal is held back so that there always is one); recover is a new delegation whose proposal executes.
 */
final class DelegationRevocationRaceDrill implements Drill {
    static final String ID = "delegation-revocation-race";
    private static final String AGENT = "agent-drill-bot";

    private record Result(String proposalId, int status, String code, long atNanos) {
    }

    @Override
    public DrillReport run(DrillHub hub, int load) throws Exception {
        DrillHub.Agent issued = hub.agent(AGENT);
        String delegationId = issued.delegationId();
        String agent = issued.authorization();
        List<String> proposals = new ArrayList<>();
        for (int i = 0; i <= load; i++) {
            proposals.add(hub.propose(agent, "Agent drill " + i + ": restock glaze bucket " + (i % 6),
                    "drill-glaze-" + i));
        }
        String heldBack = proposals.remove(proposals.size() - 1);
        String heldBackGrant = hub.approve(heldBack);
        Map<Long, String> before = hub.committedEvents();

        int threads = Math.max(2, Math.min(8, load / 4));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ConcurrentLinkedQueue<Result> results = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        for (String id : proposals) {
            pool.submit(() -> {
                go.await();
                DrillHub.Answer approved = hub.approveAnswer(id);
                DrillHub.Answer answer = approved.status() == 200
                        ? hub.execute(id, approved.text("/grant")) : approved;
                results.add(new Result(id, answer.status(), answer.code(), System.nanoTime()));
                return null;
            });
        }
        int base = hub.recorder.count();
        go.countDown();
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (hub.recorder.count() - base < Math.max(1, load / 3) && System.nanoTime() < waitUntil) {
            Thread.sleep(2);
        }
        long revokeStart = System.nanoTime();
        DrillHub.Answer revoked = hub.post("/api/delegations/" + delegationId + "/revoke", hub.staff(),
                Map.of("reason", "Chaos drill: the agent's token is presumed compromised"));
        if (revoked.status() != 200) {
            throw new DrillException("the delegation was not revoked: " + revoked.status() + " " + revoked.json());
        }
        pool.shutdown();
        if (!pool.awaitTermination(120, TimeUnit.SECONDS)) {
            pool.shutdownNow();
            throw new DrillException("approvals and executions did not finish within two minutes");
        }
        DrillHub.Answer late = hub.execute(heldBack, heldBackGrant);
        long lateAt = System.nanoTime();
        results.add(new Result(heldBack, late.status(), late.code(), lateAt));
        long firstRefusal = results.stream().filter(r -> "DELEGATION_REVOKED".equals(r.code()))
                .mapToLong(Result::atNanos).min().orElse(-1);
        Long detectMs = firstRefusal < 0 ? null : Math.max(0, (firstRefusal - revokeStart) / 1_000_000);
        boolean heldBackRefused = "DELEGATION_REVOKED".equals(late.code());

        List<String> all = new ArrayList<>(proposals);
        all.add(heldBack);
        long claimedAfter = claimsAfterRevocation(hub, all, delegationId);
        long recoverStart = System.nanoTime();
        Long recoverMs = recover(hub) ? DrillHub.millisSince(recoverStart) : null;

        long unauthorized = claimedAfter + hub.writesWithoutApproval();
        long lost = hub.lostFrom(before);
        boolean verified = hub.verifyLedger().ok();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("proposals", all.size());
        details.put("threads", threads);
        details.put("executedBeforeRevocation", countSucceededBefore(hub, all, delegationId));
        details.put("refusedDelegationRevoked", results.stream().filter(r -> "DELEGATION_REVOKED".equals(r.code())).count());
        details.put("executionsClaimedAfterRevocation", claimedAfter);
        details.put("heldBackRefused", heldBackRefused);
        details.put("answers", Answers.histogram(results.stream().map(r -> r.code() != null ? r.code()
                : String.valueOf(r.status())).toList()));
        String outcome = claimedAfter == 0
                ? "no execution of the agent's proposals was claimed after the revocation committed"
                : claimedAfter + " executions of the agent's proposals were claimed after the revocation committed";
        return DrillReport.of(ID, detectMs, recoverMs, outcome, unauthorized, lost, verified,
                heldBackRefused && recoverMs != null, details);
    }

    /**
     * Executions of these proposals whose claim (the move to executing) committed after the revocation did, by the
     * database's commit timestamps of the two transactions.
     */
    private static long claimsAfterRevocation(DrillHub hub, List<String> proposals, String delegationId)
            throws Exception {
        return countByCommitOrder(hub, proposals, delegationId, "executing", ">");
    }

    private static long countSucceededBefore(DrillHub hub, List<String> proposals, String delegationId)
            throws Exception {
        return countByCommitOrder(hub, proposals, delegationId, "executed", "<");
    }

    private static long countByCommitOrder(DrillHub hub, List<String> proposals, String delegationId, String status,
                                           String order) throws Exception {
        try (Connection c = hub.postgres.owner().getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("select pg_xact_commit_timestamp(xmin) from delegations "
                    + "where id = ?::uuid and revoked_at is not null")) {
                ps.setString(1, delegationId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getTimestamp(1) == null) {
                        throw new DrillException("the revocation's commit time is unknown (is track_commit_timestamp "
                                + "on?)");
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("select count(*) from proposal_transitions t "
                    + "where t.to_status = ? and t.proposal_id::text = any (?) and pg_xact_commit_timestamp(t.xmin) "
                    + order + " (select pg_xact_commit_timestamp(d.xmin) from delegations d where d.id = ?::uuid)")) {
                ps.setString(1, status);
                ps.setArray(2, c.createArrayOf("text", proposals.toArray()));
                ps.setString(3, delegationId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }
    }

    /** A fresh delegation for the same agent works again: its proposal is approved and executes. */
    private static boolean recover(DrillHub hub) throws Exception {
        int sends = hub.recorder.count();
        String id = hub.propose(hub.agent(AGENT).authorization(), "Agent drill recovery: restock the "
                + "clear glaze", "drill-glaze-recovery");
        DrillHub.Answer executed = hub.execute(id, hub.approve(id));
        return executed.status() == 200 && "executed".equals(executed.text("/status"))
                && hub.recorder.count() > sends;
    }
}
