package studio.brain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.testing.CapturedOutput;
import studio.brain.testing.TestHub;

/** Scheduled runs are recorded once, with a terminal event, by the job-run policy and nothing in the route. */
class JobRunTest {

    @Test
    void successAndFailureBothEndInATerminalEventAndRow(@TempDir Path work) throws Exception {
        Path routes = Files.createDirectories(work.resolve("routes"));
        Files.writeString(routes.resolve("jobs.camel.yaml"), """
                - route:
                    id: nightly-ok
                    from:
                      uri: "timer:nightly-ok"
                      parameters:
                        repeatCount: "1"
                      steps:
                        - setBody:
                            constant: "done"
                - route:
                    id: nightly-broken
                    from:
                      uri: "timer:nightly-broken"
                      parameters:
                        repeatCount: "1"
                      steps:
                        - throwException:
                            exceptionType: "java.lang.IllegalArgumentException"
                            message: "the export file is malformed"
                """);
        try (CapturedOutput out = new CapturedOutput(); TestHub hub = TestHub.start(TestHub.env(work))) {
            Map<String, String> ok = awaitTerminal(hub, "nightly-ok");
            assertThat(ok.get("status")).isEqualTo("succeeded");
            assertThat(ok.get("reason")).isNull();
            Map<String, String> broken = awaitTerminal(hub, "nightly-broken");
            assertThat(broken.get("status")).isEqualTo("failed");
            assertThat(broken.get("reason")).isEqualTo("BAD_INPUT");
            assertThat(broken.get("error")).isEqualTo("java.lang.IllegalArgumentException");

            String log = out.text();
            assertThat(log).contains("\"event\":\"job.started\"").contains("\"event\":\"job.succeeded\"");
            assertThat(log).containsPattern("\"event\":\"job.failed\".*\"reason\":\"BAD_INPUT\"");
            assertThat(hub.get("/metrics").body())
                    .contains("studio_brain_job_runs_total{outcome=\"failed\",route=\"nightly-broken\"} 1.0")
                    .contains("studio_brain_job_runs_total{outcome=\"succeeded\",route=\"nightly-ok\"} 1.0");
        }
    }

    @Test
    void aTriggerSlotIsClaimedOnceAcrossInstances(@TempDir Path work) throws Exception {
        try (TestHub hub = TestHub.start(TestHub.env(work))) {
            JobRunStore first = new JobRunStore(hub.hub().database()::dataSource, "studio-main", "hub-a");
            JobRunStore second = new JobRunStore(hub.hub().database()::dataSource, "studio-main", "hub-b");
            Instant slot = Instant.parse("2026-11-30T03:00:00Z");
            assertThat(first.begin(new JobRun(UUID.randomUUID(), "nightly", slot, Instant.now()))).isPresent();
            assertThat(second.begin(new JobRun(UUID.randomUUID(), "nightly", slot, Instant.now()))).isEmpty();
            assertThat(second.begin(new JobRun(UUID.randomUUID(), "nightly", slot.plusSeconds(60), Instant.now())))
                    .isPresent();
        }
    }

    private static Map<String, String> awaitTerminal(TestHub hub, String routeId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = hub.hub().database().dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("select status, reason_code, error_class from job_runs "
                         + "where route_id = ? and status <> 'running'")) {
                ps.setString(1, routeId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        java.util.HashMap<String, String> row = new java.util.HashMap<>();
                        row.put("status", rs.getString(1));
                        row.put("reason", rs.getString(2));
                        row.put("error", rs.getString(3));
                        return row;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no terminal job run for " + routeId);
    }
}
