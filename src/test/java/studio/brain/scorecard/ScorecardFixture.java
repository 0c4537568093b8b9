package studio.brain.scorecard;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import studio.brain.gate.capability.PolicyFileException;
import studio.brain.ledger.ActorType;
import studio.brain.ledger.AuditRecord;
import studio.brain.ledger.Ledger;
import studio.brain.ledger.SigningKey;
import studio.brain.testing.MutableClock;
import studio.brain.testing.TestDatabase;

/**
 * A real database and ledger, with the rows the scorecard reads written as the hub's features write them (by SQL
 * here, so each row's time is exact; ledger events through the ledger at the clock's time).
 */
final class ScorecardFixture implements AutoCloseable {
    static final String TENANT = "studio-main";
    static final Path REPO_POLICY = Path.of("policies", ScorecardPolicyLoader.FILE_NAME);

    final TestDatabase db = new TestDatabase();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));
    final Ledger ledger;

    ScorecardFixture(Path dir) {
        ledger = new Ledger(() -> db.hub, clock, SigningKey.loadOrCreate(dir, "studio-brain.local/" + TENANT), 10_000,
                Duration.ofHours(1));
    }

    static ScorecardPolicy repoPolicy() throws PolicyFileException {
        return ScorecardPolicyLoader.load(REPO_POLICY);
    }

    Measurements measurements(Optional<Supplier<List<ConnectorView>>> board) {
        return new Measurements(() -> db.hub, clock, TENANT, board);
    }

    Scorecard scorecard(BreachAlerts alerts) throws PolicyFileException {
        return new Scorecard(measurements(Optional.empty()), ledger, TENANT, repoPolicy(), alerts);
    }

    /** One indicator, read now with the repo policy's window. */
    Reading read(Measurements measurements, Indicator indicator) throws Exception {
        try (Connection c = db.hub.getConnection()) {
            return measurements.read(c, indicator, repoPolicy().of(indicator).window(), clock.instant());
        }
    }

    Reading read(Indicator indicator) throws Exception {
        return read(measurements(Optional.empty()), indicator);
    }

    void snapshot(Instant generatedAt) throws SQLException {
        sql("insert into studio_state_daily (tenant_id, snapshot_date, generated_at, schema_version, snapshot, "
                + "snapshot_hash) values (?, ?, ?, '1', '{}'::jsonb, 'h') on conflict (tenant_id, snapshot_date) "
                + "do update set generated_at = excluded.generated_at", TENANT,
                LocalDate.ofInstant(generatedAt, ZoneOffset.UTC), generatedAt);
    }

    /** A proposal created pending at {@code at}, with its transition and (when asked) its proposal.created event. */
    UUID pending(String tenant, Instant at, boolean withEvent) throws SQLException {
        UUID id = UUID.randomUUID();
        sql("insert into proposals (id, tenant_id, capability_id, dedupe_key, status, requested_by, rationale, input, "
                + "input_hash, created_at, updated_at) values (?, ?, 'ops.recommendation', ?, 'pending_approval', "
                + "'{\"type\":\"system\"}'::jsonb, 'Kiln 2 shelf check before the Friday firing', '{}'::jsonb, 'h', ?, ?)",
                id, tenant, "dedupe-" + id, at, at);
        transition(id, null, "pending_approval", at, withEvent ? "proposal.created" : null, tenant);
        return id;
    }

    UUID pending(Instant at) throws SQLException {
        return pending(TENANT, at, true);
    }

    /** Moves a proposal on at {@code at}: its status, its transition and (when asked) its ledger event. */
    void move(UUID id, String from, String to, Instant at, boolean withEvent) throws SQLException {
        sql("update proposals set status = ?, updated_at = ? where id = ?", to, at, id);
        transition(id, from, to, at, withEvent ? "proposal." + ("pending_approval".equals(to) ? "reopened" : to)
                : null, TENANT);
    }

    private void transition(UUID id, String from, String to, Instant at, String action, String tenant)
            throws SQLException {
        sql("insert into proposal_transitions (proposal_id, from_status, to_status, actor_type, actor_id, at) "
                + "values (?, ?, ?, 'staff', 'mara', ?)", id, from, to, at);
        if (action != null) {
            event(AuditRecord.of(tenant, ActorType.STAFF, "mara", action).target(id.toString())
                    .correlationId(id.toString()).approvalState(to).inputHash("h"), at);
        }
    }

    /** Appends the event with the clock at {@code at}, then puts the clock back. */
    void event(AuditRecord.Builder record, Instant at) {
        Instant now = clock.instant();
        clock.advance(Duration.between(now, at));
        try {
            ledger.append(record.build());
        } finally {
            clock.advance(Duration.between(at, now));
        }
    }

    /** A finished execution of a proposal (status succeeded or failed) and, when given, its execution event. */
    void execution(UUID proposal, String status, String outputHash, Instant at, AuditRecord.Builder event)
            throws SQLException {
        sql("insert into executions (proposal_id, tenant_id, capability_id, idempotency_key, grant_id, executed_by, "
                + "status, requested_at, finished_at, output_hash) values (?, ?, 'ops.note.append', ?, ?, 'mara', ?, ?, ?, ?)",
                proposal, TENANT, "idem-" + proposal, UUID.randomUUID(), status, at.minusSeconds(2), at, outputHash);
        if (event != null) {
            event(event, at);
        }
    }

    void jobRun(String route, String status, Instant at) throws SQLException {
        sql("insert into job_runs (id, tenant_id, route_id, instance_id, started_at, finished_at, status) "
                + "values (?, ?, ?, 'test/1', ?, ?, ?)", UUID.randomUUID(), TENANT, route, at.minusSeconds(1),
                "running".equals(status) ? null : at, status);
    }

    void sql(String sql, Object... args) throws SQLException {
        try (Connection c = db.owner.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                Object arg = args[i];
                ps.setObject(i + 1, arg instanceof Instant instant ? Timestamp.from(instant) : arg);
            }
            ps.executeUpdate();
        }
    }

    /** The scorecard events, each as "action target status from", in order. */
    List<String> crossings() throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection c = db.owner.getConnection(); PreparedStatement ps = c.prepareStatement("select action, target, "
                + "metadata->>'status', metadata->>'from' from audit_events where action like 'scorecard.%' order by seq");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                found.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4));
            }
        }
        return found;
    }

    @Override
    public void close() {
        ledger.close();
        db.close();
    }
}
