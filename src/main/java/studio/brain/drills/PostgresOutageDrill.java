package studio.brain.drills;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hub's PostgreSQL stops under light load (staff issue a delegation to a new agent, which makes one proposal:
 * rows and ledger events), then starts again on the same cluster. Detect is the time until {@code /readyz} says not_ready; recover the time from the
 * restart until it is ready again and a write is accepted. Every event committed before the outage must still be there,
 * and every delegation and proposal the hub acknowledged must exist: an acknowledgement is a promise that it was committed.
 */
final class PostgresOutageDrill implements Drill {
    static final String ID = "postgres-outage";
    private static final long POLL_MILLIS = 50;

    @Override
    public DrillReport run(DrillHub hub, int load) throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger refused = new AtomicInteger();
        AtomicLong acceptedAt = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            int i = 0;
            while (running.get()) {
                try {
                    // Each round a new agent (a delegation row) makes one proposal (rows and ledger events).
                    DrillHub.Agent agent = hub.agent("agent-outage-" + i);
                    acknowledged.add("delegation:" + agent.delegationId());
                    String id = hub.propose(agent.authorization(), "Outage drill " + i + ": log the kiln "
                            + (i % 7) + " temperature", "drill-outage-" + i);
                    acknowledged.add("proposal:" + id);
                    acceptedAt.set(System.nanoTime());
                } catch (Exception e) {
                    refused.incrementAndGet();
                }
                i++;
                sleep(Math.max(20, 1_000 / Math.max(1, load)));
            }
        }, "drill-outage-load");
        writer.setDaemon(true);
        writer.start();
        long warmUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (acknowledged.size() < Math.max(2, load / 4) && System.nanoTime() < warmUntil) {
            sleep(POLL_MILLIS);
        }
        Map<Long, String> before = hub.committedEvents();
        int acknowledgedBefore = acknowledged.size();

        long stopStart = System.nanoTime();
        hub.postgres.stop();
        Long detectMs = awaitReadiness(hub, "not_ready", true, 30) ? DrillHub.millisSince(stopStart) : null;
        int refusedBefore = refused.get();
        sleep(Math.max(300, 20L * load));
        int refusedDuring = refused.get() - refusedBefore;

        long restartStart = System.nanoTime();
        hub.postgres.start();
        boolean ready = awaitReadiness(hub, "not_ready", false, 60);
        boolean accepting = false;
        long acceptDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ready && !accepting && System.nanoTime() < acceptDeadline) {
            accepting = acceptedAt.get() > restartStart;
            if (!accepting) {
                sleep(POLL_MILLIS);
            }
        }
        Long recoverMs = ready && accepting ? DrillHub.millisSince(restartStart) : null;
        running.set(false);
        writer.join(30_000);

        long lostEvents = hub.lostFrom(before);
        long lostDelegations = missing(hub, acknowledged);
        boolean verified = hub.verifyLedger().ok();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("eventsCommittedBeforeOutage", before.size());
        details.put("writesAcknowledged", acknowledged.size());
        details.put("writesAcknowledgedBeforeOutage", acknowledgedBefore);
        details.put("writesRefusedDuringOutage", refusedDuring);
        details.put("acknowledgedWritesMissing", lostDelegations);
        details.put("readinessAfterRestart", hub.readiness());
        String outcome = (detectMs == null ? "readiness never reported not_ready; " : "readiness reported not_ready; ")
                + (recoverMs == null ? "the hub did NOT recover" : "the hub was ready and accepting again")
                + "; " + (lostEvents + lostDelegations) + " committed events or acknowledged writes missing";
        return DrillReport.of(ID, detectMs, recoverMs, outcome, hub.writesWithoutApproval(), lostEvents + lostDelegations,
                verified, detectMs != null && recoverMs != null, details);
    }

    /** Waits until {@code /readyz} is (or, with {@code equal} false, is no longer) in the given state. */
    private static boolean awaitReadiness(DrillHub hub, String state, boolean equal, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            String now = hub.readiness();
            if (equal == state.equals(now) && !"unreachable".equals(now)) {
                return true;
            }
            sleep(POLL_MILLIS);
        }
        return false;
    }

    private static long missing(DrillHub hub, Set<String> acknowledged) throws Exception {
        long missing = 0;
        try (Connection c = hub.postgres.owner().getConnection();
             PreparedStatement delegation = c.prepareStatement("select count(*) from delegations where id = ?::uuid");
             PreparedStatement proposal = c.prepareStatement("select count(*) from proposals where id = ?::uuid")) {
            for (String acknowledgedId : acknowledged) {
                String[] kindAndId = acknowledgedId.split(":", 2);
                PreparedStatement ps = kindAndId[0].equals("delegation") ? delegation : proposal;
                ps.setString(1, kindAndId[1]);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        missing++;
                    }
                }
            }
        }
        return missing;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
