package studio.brain.drills;

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
 * Kill switch under load: many approved executions run at once against the recording action route; the switch is
 * flipped while they run. Detect is the time from the flip until the last send that still got through (those already
 * past the hub's final check); a send that reaches the route after the switch answered "on" is an unauthorized write.
 * Recover is the switch off again and one execution that then succeeds.
 */
final class KillSwitchDrill implements Drill {
    static final String ID = "kill-switch";

    private record Run(String proposalId, String grant) {
    }

    private record Result(String proposalId, String grant, int status, String code, String state) {
    }

    @Override
    public DrillReport run(DrillHub hub, int load) throws Exception {
        DrillHub.Agent agent = hub.agent("agent-drill-kill-switch");
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < load; i++) {
            String id = hub.propose(agent.authorization(), "Drill load " + i + ": check the kiln room shelf " + (i % 5),
                    "drill-kiln-shelf-" + i);
            runs.add(new Run(id, hub.approve(id)));
        }
        Map<Long, String> before = hub.committedEvents();
        int threads = Math.max(2, Math.min(8, load / 4));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ConcurrentLinkedQueue<Result> results = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        for (Run run : runs) {
            pool.submit(() -> {
                go.await();
                DrillHub.Answer answer = hub.execute(run.proposalId(), run.grant());
                results.add(new Result(run.proposalId(), run.grant(), answer.status(), answer.code(),
                        answer.text("/status")));
                return null;
            });
        }
        int base = hub.recorder.count();
        go.countDown();
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (hub.recorder.count() - base < Math.max(1, load / 3) && System.nanoTime() < waitUntil) {
            Thread.sleep(2);
        }
        int sentBeforeFlip = hub.recorder.count() - base;
        long flipStart = System.nanoTime();
        DrillHub.Answer on = hub.killSwitch(true);
        long flipAnswered = System.nanoTime();
        if (on.status() != 200) {
            throw new DrillException("the kill switch did not turn on: " + on.status() + " " + on.json());
        }
        pool.shutdown();
        if (!pool.awaitTermination(120, TimeUnit.SECONDS)) {
            pool.shutdownNow();
            hub.killSwitch(false);
            throw new DrillException("executions did not finish within two minutes of the flip");
        }
        List<ActionRecorder.Send> afterFlip = hub.recorder.after(flipStart);
        List<ActionRecorder.Send> afterOn = hub.recorder.after(flipAnswered);
        long lastSend = afterFlip.stream().mapToLong(ActionRecorder.Send::atNanos).max().orElse(flipStart);
        long detectMs = (lastSend - flipStart) / 1_000_000;
        long blocked = results.stream().filter(r -> "BLOCKED_BY_POLICY".equals(r.code())
                || "BLOCKED_BY_POLICY".equals(r.state())).count();
        long executed = results.stream().filter(r -> "executed".equals(r.state())).count();

        int sendsBeforeOff = hub.recorder.count();
        long offStart = System.nanoTime();
        DrillHub.Answer off = hub.killSwitch(false);
        Long recoverMs = null;
        if (off.status() == 200) {
            recoverMs = recover(hub, results, sendsBeforeOff, offStart);
        }

        long unauthorized = afterOn.size() + hub.writesWithoutApproval();
        long lost = hub.lostFrom(before);
        boolean verified = hub.verifyLedger().ok();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("executions", load);
        details.put("threads", threads);
        details.put("sendsBeforeFlip", sentBeforeFlip);
        details.put("sendsWhileFlipping", afterFlip.size() - afterOn.size());
        details.put("sendsAfterSwitchOn", afterOn.size());
        details.put("executed", executed);
        details.put("refusedByKillSwitch", blocked);
        details.put("answers", Answers.histogram(results.stream().map(r -> r.code() != null ? r.code()
                : String.valueOf(r.state())).toList()));
        details.put("flipAnswerMs", (flipAnswered - flipStart) / 1_000_000);
        String outcome = afterOn.isEmpty()
                ? "no send reached the action route after the kill switch answered; " + blocked
                + " executions were refused with BLOCKED_BY_POLICY" + (recoverMs == null ? "; recovery FAILED"
                : "; after it was turned off one execution succeeded")
                : afterOn.size() + " sends reached the action route after the kill switch answered";
        return DrillReport.of(ID, detectMs, recoverMs, outcome, unauthorized, lost, verified, recoverMs != null,
                details);
    }

    /** With the switch off, one of the held executions (its grant unspent) must go through; else a fresh one. */
    private static Long recover(DrillHub hub, ConcurrentLinkedQueue<Result> results, int sendsBefore, long offStart)
            throws Exception {
        for (Result held : results) {
            if (held.status() == 403 && "BLOCKED_BY_POLICY".equals(held.code())) {
                DrillHub.Answer again = hub.execute(held.proposalId(), held.grant());
                if (again.status() == 200 && "executed".equals(again.text("/status"))) {
                    return hub.recorder.count() > sendsBefore ? DrillHub.millisSince(offStart) : null;
                }
            }
        }
        String id = hub.propose(hub.agent("agent-drill-kill-switch-recovery").authorization(), "Drill recovery: check the kiln room after the switch", "drill-recovery");
        DrillHub.Answer fresh = hub.execute(id, hub.approve(id));
        boolean ok = fresh.status() == 200 && "executed".equals(fresh.text("/status"))
                && hub.recorder.count() > sendsBefore;
        return ok ? DrillHub.millisSince(offStart) : null;
    }
}
