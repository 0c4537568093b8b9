package studio.brain.scorecard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import studio.brain.devices.Availability;
import studio.brain.state.StudioStateStore;

/**
 * How each indicator is measured, from the hub's own tables (read-only): the StudioState snapshots, proposals and
 * their transitions, the ledger, executions and the heartbeat's job runs, plus the connector board when one is
 * wired. Each reading answers "unknown" with the reason when there is nothing to measure.
 */
public final class Measurements {
    /** The route whose job runs the readiness ratio counts: a database round trip every minute. */
    static final String HEARTBEAT_ROUTE = "heartbeat";

    private final Supplier<DataSource> dataSource;
    private final Clock clock;
    private final String tenantId;
    private final Optional<Supplier<List<ConnectorView>>> connectorBoard;

    public Measurements(Supplier<DataSource> dataSource, Clock clock, String tenantId,
                        Optional<Supplier<List<ConnectorView>>> connectorBoard) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.tenantId = tenantId;
        this.connectorBoard = connectorBoard;
    }

    Instant now() {
        return clock.instant();
    }

    /** Reads one indicator; a window-less indicator ignores {@code window}. */
    Reading read(Connection c, Indicator indicator, Optional<Duration> window, Instant now) throws SQLException {
        Instant since = window.map(now::minus).orElse(Instant.EPOCH);
        return switch (indicator) {
            case SNAPSHOT_FRESHNESS -> snapshotFreshness(c, now);
            case DECISION_LATENCY_P90 -> decisionLatency(c, since);
            case OLDEST_PENDING_PROPOSAL -> oldestPending(c, now);
            case AUDIT_COMPLETENESS -> auditCompleteness(c, since);
            case TENANT_CONTEXT -> tenantContext(c, since);
            case CONNECTOR_HEALTH -> connectorHealth();
            case READINESS_RATIO -> readiness(c, since);
        };
    }

    Connection connection() throws SQLException {
        return dataSource.get().getConnection();
    }

    private Reading snapshotFreshness(Connection c, Instant now) throws SQLException {
        Optional<StudioStateStore.Stamp> latest = StudioStateStore.latestStamp(c, tenantId);
        if (latest.isEmpty()) {
            return Reading.unknown("no StudioState snapshot has been computed yet");
        }
        Duration age = Duration.between(latest.get().generatedAt(), now);
        return Reading.of(Reading.hours(age.toSeconds()), "latest snapshot of " + latest.get().date());
    }

    /**
     * Each decision (pending_approval to approved or rejected) in the window, timed from the moment the proposal last
     * became pending: its creation, or its reopening.
     */
    private Reading decisionLatency(Connection c, Instant since) throws SQLException {
        String sql = "select count(*), percentile_cont(0.9) within group (order by extract(epoch from d.at - w.began)) "
                + "from proposal_transitions d join proposals p on p.id = d.proposal_id "
                + "cross join lateral (select max(s.at) as began from proposal_transitions s "
                + "  where s.proposal_id = d.proposal_id and s.to_status = 'pending_approval' and s.id < d.id) w "
                + "where p.tenant_id = ? and d.from_status = 'pending_approval' "
                + "and d.to_status in ('approved', 'rejected') and d.at >= ? and w.began is not null";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tenantId);
            ps.setTimestamp(2, Timestamp.from(since));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long decisions = rs.getLong(1);
                if (decisions == 0) {
                    return Reading.unknown("no proposal was approved or rejected in the window");
                }
                return Reading.of(Reading.hours(rs.getDouble(2)), decisions + " decisions in the window");
            }
        }
    }

    private Reading oldestPending(Connection c, Instant now) throws SQLException {
        String sql = "select count(*), min(coalesce((select max(t.at) from proposal_transitions t "
                + "where t.proposal_id = p.id and t.to_status = 'pending_approval'), p.created_at)) "
                + "from proposals p where p.tenant_id = ? and p.status = 'pending_approval'";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long pending = rs.getLong(1);
                if (pending == 0) {
                    return Reading.of(0, "no proposal is waiting for a decision");
                }
                Duration waited = Duration.between(rs.getTimestamp(2).toInstant(), now);
                return Reading.of(Reading.hours(Math.max(0, waited.toSeconds())), pending + " proposals pending");
            }
        }
    }

    /**
     * Every proposal transition in the window against the ledger events of the same proposal and action (a
     * proposal's events carry its id as correlation id), and every finished execution in the window against its
     * execution event: the input hash always, the output hash when it succeeded (a failed action has no output).
     */
    private Reading auditCompleteness(Connection c, Instant since) throws SQLException {
        String transitions = "with t as (select pt.proposal_id::text as proposal, case "
                + "  when pt.from_status is null then 'proposal.created' "
                + "  when pt.to_status = 'pending_approval' then 'proposal.reopened' "
                + "  else 'proposal.' || pt.to_status end as action, count(*) as n "
                + "  from proposal_transitions pt join proposals p on p.id = pt.proposal_id "
                + "  where p.tenant_id = ? and pt.at >= ? group by 1, 2), "
                + "e as (select a.correlation_id as proposal, a.action, count(*) as n from audit_events a "
                + "  where a.action like 'proposal.%' and a.correlation_id in (select proposal from t) group by 1, 2) "
                + "select coalesce(sum(t.n), 0), coalesce(sum(greatest(t.n - coalesce(e.n, 0), 0)), 0) "
                + "from t left join e on e.proposal = t.proposal and e.action = t.action";
        long checked;
        long missing;
        try (PreparedStatement ps = c.prepareStatement(transitions)) {
            ps.setString(1, tenantId);
            ps.setTimestamp(2, Timestamp.from(since));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                checked = rs.getLong(1);
                missing = rs.getLong(2);
            }
        }
        String executions = "select count(*), count(*) filter (where not ("
                + "  (x.status <> 'succeeded' or x.output_hash is not null) and exists (select 1 from audit_events a "
                + "  where a.correlation_id = x.proposal_id::text and a.input_hash is not null "
                + "  and a.action = case when x.status = 'succeeded' then 'execution.succeeded' else 'execution.failed' end "
                + "  and (x.status <> 'succeeded' or a.output_hash = x.output_hash)))) "
                + "from executions x where x.tenant_id = ? and x.status <> 'requested' and x.finished_at >= ?";
        long executionsChecked;
        long executionsMissing;
        try (PreparedStatement ps = c.prepareStatement(executions)) {
            ps.setString(1, tenantId);
            ps.setTimestamp(2, Timestamp.from(since));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                executionsChecked = rs.getLong(1);
                executionsMissing = rs.getLong(2);
            }
        }
        long total = checked + executionsChecked;
        if (total == 0) {
            return Reading.unknown("no proposal transition or finished execution in the window");
        }
        return Reading.of(Reading.percent(total - missing - executionsMissing, total), missing + " of " + checked
                + " proposal transitions without their ledger event; " + executionsMissing + " of " + executionsChecked
                + " finished executions without their event or hashes");
    }

    /** Ledger events and proposals of the window carrying exactly this hub's tenant (never empty, never another). */
    private Reading tenantContext(Connection c, Instant since) throws SQLException {
        String sql = "select (select count(*) from audit_events where at >= ?), "
                + "(select count(*) from audit_events where at >= ? and tenant_id = ?), "
                + "(select count(*) from proposals where created_at >= ?), "
                + "(select count(*) from proposals where created_at >= ? and tenant_id = ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Timestamp from = Timestamp.from(since);
            ps.setTimestamp(1, from);
            ps.setTimestamp(2, from);
            ps.setString(3, tenantId);
            ps.setTimestamp(4, from);
            ps.setTimestamp(5, from);
            ps.setString(6, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long events = rs.getLong(1);
                long eventsOk = rs.getLong(2);
                long proposals = rs.getLong(3);
                long proposalsOk = rs.getLong(4);
                if (events + proposals == 0) {
                    return Reading.unknown("no ledger event or proposal in the window");
                }
                return Reading.of(Reading.percent(eventsOk + proposalsOk, events + proposals), (events - eventsOk)
                        + " of " + events + " ledger events and " + (proposals - proposalsOk) + " of " + proposals
                        + " proposals without tenant " + tenantId);
            }
        }
    }

    private Reading connectorHealth() {
        if (connectorBoard.isEmpty()) {
            return Reading.unknown("the connector board is not wired to the scorecard yet");
        }
        List<ConnectorView> configured;
        try {
            configured = connectorBoard.get().get().stream().filter(ConnectorView::configured).toList();
        } catch (RuntimeException e) {
            return Reading.unknown("the connector board could not be read (" + e.getClass().getSimpleName() + ")");
        }
        if (configured.isEmpty()) {
            return Reading.unknown("no connector is configured");
        }
        List<String> unhealthy = configured.stream().filter(v -> v.availability() != Availability.HEALTHY)
                .map(v -> v.name() + " " + (v.availability() == null ? "unknown" : v.availability().wireName()))
                .toList();
        return Reading.of(Reading.percent(configured.size() - unhealthy.size(), configured.size()),
                unhealthy.isEmpty() ? "all " + configured.size() + " configured connectors healthy"
                        : "not healthy: " + String.join(", ", unhealthy));
    }

    private Reading readiness(Connection c, Instant since) throws SQLException {
        String sql = "select count(*), count(*) filter (where status = 'succeeded') from job_runs "
                + "where tenant_id = ? and route_id = ? and status <> 'running' and started_at >= ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tenantId);
            ps.setString(2, HEARTBEAT_ROUTE);
            ps.setTimestamp(3, Timestamp.from(since));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long runs = rs.getLong(1);
                if (runs == 0) {
                    return Reading.unknown("no finished heartbeat run in the window");
                }
                long ready = rs.getLong(2);
                return Reading.of(Reading.percent(ready, runs), ready + " of " + runs + " heartbeat runs succeeded");
            }
        }
    }
}
