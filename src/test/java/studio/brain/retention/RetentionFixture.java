package studio.brain.retention;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import studio.brain.ledger.Ledger;
import studio.brain.ledger.LedgerRetention;
import studio.brain.ledger.LedgerVerifier;
import studio.brain.ledger.SigningKey;
import studio.brain.ledger.VerifyReport;
import studio.brain.testing.MutableClock;
import studio.brain.testing.TestDatabase;

/**
 * A real database and ledger with rows of every data class written as the hub's features write them (by SQL here,
 * so each row's age is exact), and the retention purge over them as the hub's restricted role runs it.
 */
final class RetentionFixture implements AutoCloseable {
    static final String TENANT = "studio-main";
    static final Path REPO_POLICY = Path.of("policies", RetentionPolicyLoader.FILE_NAME);

    final TestDatabase db = new TestDatabase();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T03:45:00Z"));
    final SigningKey key;
    final Ledger ledger;
    final LegalHolds holds;

    RetentionFixture(Path dir) {
        key = SigningKey.loadOrCreate(dir, "studio-brain.local/" + TENANT);
        ledger = new Ledger(() -> db.hub, clock, key, 10_000, Duration.ofHours(1));
        holds = new LegalHolds(() -> db.hub, clock, ledger, TENANT);
    }

    DataRetention retention(Path policy, boolean enabled, boolean ledgerPurge, Duration ledgerWindow) {
        return new DataRetention(() -> db.hub, clock, ledger, TENANT, policy, enabled,
                new DataRetention.LedgerSide(ledgerPurge, ledgerWindow,
                        new LedgerRetention(() -> db.hub, clock, TENANT, ledgerWindow)));
    }

    DataRetention retention(boolean enabled) {
        return retention(REPO_POLICY, enabled, false, Duration.ofDays(365));
    }

    /** A copy of the repo's policy (with its schema beside it) where one line of the matrix is replaced. */
    static Path policyCopy(Path dir, String original, String replacement) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("policies-" + UUID.randomUUID()));
        Files.createDirectories(folder.resolve("schema"));
        Files.copy(Path.of("policies", RetentionPolicyLoader.SCHEMA_FILE), folder.resolve(RetentionPolicyLoader.SCHEMA_FILE));
        String text = Files.readString(REPO_POLICY);
        if (!text.contains(original)) {
            throw new IllegalArgumentException("the policy has no '" + original + "'");
        }
        Path file = folder.resolve(RetentionPolicyLoader.FILE_NAME);
        Files.writeString(file, text.replace(original, replacement));
        return file;
    }

    Instant daysAgo(int days) {
        return clock.instant().minus(Duration.ofDays(days));
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

    long count(String sql, Object... args) throws SQLException {
        try (Connection c = db.owner.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                Object arg = args[i];
                ps.setObject(i + 1, arg instanceof Instant instant ? Timestamp.from(instant) : arg);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    void snapshot(Instant generatedAt) throws SQLException {
        sql("insert into studio_state_daily (tenant_id, snapshot_date, generated_at, schema_version, snapshot, "
                + "snapshot_hash) values (?, ?, ?, '1', '{}'::jsonb, 'h')", TENANT,
                LocalDate.ofInstant(generatedAt, ZoneOffset.UTC), generatedAt);
    }

    void diff(Instant at) throws SQLException {
        sql("insert into studio_state_diff (tenant_id, snapshot_date, created_at, changes) values (?, ?, ?, '[]'::jsonb)",
                TENANT, LocalDate.ofInstant(at, ZoneOffset.UTC), at);
    }

    void drift(Instant at) throws SQLException {
        sql("insert into studio_state_drift (tenant_id, snapshot_date, detected_at, kind, metric, expected, observed, "
                + "delta, confidence) values (?, ?, ?, 'day-over-day', 'counts.batchesActive', 40, 90, 50, 'medium')",
                TENANT, LocalDate.ofInstant(at, ZoneOffset.UTC), at);
    }

    /** A proposal in the given status, last changed at {@code at}, with a transition and a grant pointing at it. */
    UUID proposal(String capability, String status, Instant at) throws SQLException {
        UUID id = UUID.randomUUID();
        sql("insert into proposals (id, tenant_id, capability_id, dedupe_key, status, requested_by, rationale, input, "
                + "input_hash, created_at, updated_at) values (?, ?, ?, ?, ?, '{\"type\":\"system\"}'::jsonb, "
                + "'Kiln 2 shelf check before the Friday firing', '{}'::jsonb, 'h', ?, ?)",
                id, TENANT, capability, "dedupe-" + id, status, at.minus(Duration.ofHours(2)), at);
        sql("insert into proposal_transitions (proposal_id, from_status, to_status, actor_type, actor_id, at) "
                + "values (?, 'pending_approval', ?, 'staff', 'mara', ?)", id, status, at);
        sql("insert into grants (id, proposal_id, tenant_id, capability_id, input_hash, idempotency_key, expires_at, "
                + "created_at) values (?, ?, ?, ?, 'h', ?, ?, ?)", UUID.randomUUID(), id, TENANT, capability,
                "idem-" + id, at.plus(Duration.ofMinutes(15)), at);
        return id;
    }

    UUID intake(String status, Instant receivedAt, String summary) throws SQLException {
        UUID id = UUID.randomUUID();
        sql("insert into intake_items (id, tenant_id, webhook_id, work_item_id, actor_type, source, summary, "
                + "description_hash, payload_hash, tags, attachment_hashes, link_hashes, category, confidence, "
                + "matched_rules, rule_pack_version, disposition, status, received_at) values (?, ?, ?, ?, 'member', "
                + "'portal', ?, 'h', 'h', '[]'::jsonb, '[]'::jsonb, '[]'::jsonb, 'none', 0.1, '[]'::jsonb, '1', "
                + "'allow', ?, ?)", id, TENANT, "msg_" + id, "wi-" + id, summary, status, receivedAt);
        return id;
    }

    void triage(Instant at) throws SQLException {
        sql("insert into triage_feedback (tenant_id, suggested_category, suggested_severity, final_category, verdict, "
                + "final_action, model_version, staff_id, at) values (?, 'spam', 'low', 'spam', 'agree', 'dismiss', "
                + "'1', 'mara', ?)", TENANT, at);
    }

    void outbox(String status, Instant at) throws SQLException {
        sql("insert into outbox (id, tenant_id, topic, payload, status, next_attempt_at, created_at, delivered_at) "
                + "values (?, ?, 'proposal.created', '{}'::jsonb, ?, ?, ?, ?)", UUID.randomUUID(), TENANT, status, at,
                at, "delivered".equals(status) ? at : null);
    }

    void idempotencyKey(Instant expiresAt) throws SQLException {
        sql("insert into idempotency_keys (scope, key, request_hash, created_at, expires_at) values ('intake', ?, 'h', ?, ?)",
                UUID.randomUUID().toString(), expiresAt.minus(Duration.ofDays(1)), expiresAt);
    }

    void denial(Instant at) throws SQLException {
        sql("insert into delegation_denials (tenant_id, at, reason_code, message, trace) values (?, ?, "
                + "'DELEGATION_EXPIRED', 'the delegation has expired', array['checked expiry'])", TENANT, at);
    }

    void scanState(String scan, Instant at) throws SQLException {
        sql("insert into assist_scan_state (tenant_id, scan, state, updated_at) values (?, ?, '{}'::jsonb, ?)",
                TENANT, scan, at);
    }

    void jobRun(String status, Instant at) throws SQLException {
        sql("insert into job_runs (id, tenant_id, route_id, instance_id, started_at, finished_at, status) "
                + "values (?, ?, 'heartbeat', 'test/1', ?, ?, ?)", UUID.randomUUID(), TENANT,
                at.minus(Duration.ofSeconds(1)), "running".equals(status) ? null : at, status);
    }

    /** The ledger events of this action, each as its metadata JSON text, in order. */
    List<String> events(String action) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection c = db.owner.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select metadata::text from audit_events where action = '" + action
                     + "' order by seq")) {
            while (rs.next()) {
                found.add(rs.getString(1));
            }
        }
        return found;
    }

    VerifyReport verify() throws SQLException {
        return LedgerVerifier.verify(db.hub, key.verifier(), 0, n -> { });
    }

    @Override
    public void close() {
        ledger.close();
        db.close();
    }
}
