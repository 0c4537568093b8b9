package studio.brain.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;

/** The {@code job_runs} table: a row per run, claimed once per trigger slot across hub instances. */
public final class JobRunStore {
    private final Supplier<DataSource> dataSource;
    private final String tenantId;
    private final String instanceId;

    public JobRunStore(Supplier<DataSource> dataSource, String tenantId, String instanceId) {
        this.dataSource = dataSource;
        this.tenantId = tenantId;
        this.instanceId = instanceId;
    }

    /**
     * Records the start of a run. Empty when another instance already claimed the same route and fire time, in
     * which case this instance must not run it.
     */
    public Optional<JobRun> begin(JobRun run) throws SQLException {
        String sql = "insert into job_runs (id, tenant_id, route_id, scheduled_for, instance_id, started_at, status) "
                + "values (?, ?, ?, ?, ?, ?, 'running') on conflict do nothing";
        try (Connection c = dataSource.get().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, run.id());
            ps.setString(2, tenantId);
            ps.setString(3, run.routeId());
            ps.setTimestamp(4, run.scheduledFor() == null ? null : Timestamp.from(run.scheduledFor()));
            ps.setString(5, instanceId);
            ps.setTimestamp(6, Timestamp.from(run.startedAt()));
            return ps.executeUpdate() == 1 ? Optional.of(run) : Optional.empty();
        }
    }

    public void finish(JobRun run, Instant finishedAt, JobFailureReason failure, String errorClass) throws SQLException {
        String sql = "update job_runs set finished_at = ?, status = ?, reason_code = ?, error_class = ?, duration_ms = ? "
                + "where id = ?";
        try (Connection c = dataSource.get().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(finishedAt));
            ps.setString(2, failure == null ? "succeeded" : "failed");
            ps.setString(3, failure == null ? null : failure.name());
            ps.setString(4, errorClass);
            ps.setLong(5, finishedAt.toEpochMilli() - run.startedAt().toEpochMilli());
            ps.setObject(6, run.id());
            ps.executeUpdate();
        }
    }
}
