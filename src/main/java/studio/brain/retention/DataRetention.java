package studio.brain.retention;

import java.nio.file.Path;
import java.sql.Array;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import studio.brain.gate.capability.PolicyFileException;
import studio.brain.ledger.ActorType;
import studio.brain.ledger.AuditRecord;
import studio.brain.ledger.ChainHash;
import studio.brain.ledger.Ledger;
import studio.brain.ledger.LedgerRetention;
import studio.brain.observability.EventLog;

/**
 * The data retention purge behind the {@code data-retention} route and {@code studio-brain retention}: reads the
 * matrix in {@code retention.yaml} afresh each run (a refused file purges nothing), and for each data class removes
 * (or redacts) the due rows older than the class's window that no active legal hold keeps. Only the hub's own
 * database is touched. Each class's purge and its {@code retention.purged} / {@code retention.skipped} ledger event
 * commit together; the ledger itself is purged by the ledger's own retention, up to a signed checkpoint, so
 * {@code ledger verify} stays green.
 */
public final class DataRetention {
    private static final EventLog LOG = EventLog.of("retention");
    static final String ACTOR = "data-retention";

    /** The ledger's side: whether its purge is on, its one window, and the retention that purges it. */
    public record LedgerSide(boolean purgeEnabled, Duration window, LedgerRetention retention) {
    }

    private final Supplier<DataSource> dataSource;
    private final Clock clock;
    private final Ledger ledger;
    private final String tenantId;
    private final Path policyFile;
    private final boolean enabled;
    private final LedgerSide ledgerSide;

    public DataRetention(Supplier<DataSource> dataSource, Clock clock, Ledger ledger, String tenantId, Path policyFile,
                         boolean enabled, LedgerSide ledgerSide) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.ledger = ledger;
        this.tenantId = tenantId;
        this.policyFile = policyFile;
        this.enabled = enabled;
        this.ledgerSide = ledgerSide;
    }

    public boolean enabled() {
        return enabled;
    }

    /** For the scheduled route: the purge when it is on; otherwise a recorded {@code DISABLED} skip and nothing else. */
    public Map<String, Object> run() throws PolicyFileException, SQLException {
        if (!enabled) {
            ledger.append(AuditRecord.of(tenantId, ActorType.SYSTEM, ACTOR, "retention.skipped")
                    .meta("reason", SkipReason.DISABLED.name()).build());
            LOG.info("retention.skipped", "reason", SkipReason.DISABLED.name());
            return Map.of("applied", false, "skipped", SkipReason.DISABLED.name());
        }
        return apply().toMap();
    }

    /** What a purge would do now, without changing or recording anything. */
    public RetentionReport dryRun() throws PolicyFileException, SQLException {
        return execute(policy(false), false);
    }

    /** Purges now; the caller has already decided the purge is on (see {@link #run()}). */
    public RetentionReport apply() throws PolicyFileException, SQLException {
        RetentionReport report = execute(policy(true), true);
        LOG.info("retention.applied", "purged", report.purged(), "policyHash", report.policyHash());
        return report;
    }

    private RetentionPolicy policy(boolean record) throws PolicyFileException {
        try {
            return RetentionPolicyLoader.load(policyFile);
        } catch (PolicyFileException e) {
            LOG.warn("retention.policy_refused", "file", policyFile.toString(), "problems", e.problems().size());
            if (record) {
                ledger.append(AuditRecord.of(tenantId, ActorType.SYSTEM, ACTOR, "retention.skipped")
                        .meta("reason", SkipReason.POLICY_REFUSED.name())
                        .meta("file", policyFile.getFileName().toString())
                        .meta("problems", e.problems().size()).build());
            }
            throw e;
        }
    }

    private RetentionReport execute(RetentionPolicy policy, boolean apply) throws SQLException {
        Instant now = clock.instant();
        List<ClassOutcome> outcomes = new ArrayList<>();
        try (Connection c = dataSource.get().getConnection()) {
            List<LegalHold> holds = LegalHolds.active(c, tenantId);
            for (DataClass dataClass : DataClass.values()) {
                if (dataClass != DataClass.LEDGER_EVENTS) {
                    outcomes.add(purgeClass(c, policy, policy.rule(dataClass), holds, now, apply));
                }
            }
        }
        // Last, so that the other classes' events are in the chain the ledger purge anchors.
        outcomes.add(purgeLedger(policy, now, apply));
        return new RetentionReport(apply, now, policy.hash(), outcomes);
    }

    private ClassOutcome purgeClass(Connection c, RetentionPolicy policy, RetentionRule rule, List<LegalHold> holds,
                                    Instant now, boolean apply) throws SQLException {
        DataClass dataClass = rule.dataClass();
        if (rule.action() == RetentionAction.KEEP) {
            return skipped(c, policy, rule, Optional.empty(), 0, SkipReason.KEPT_BY_POLICY, apply);
        }
        Instant cutoff = now.minus(rule.window().orElseThrow());
        ClassQuery query = new ClassQuery(dataClass, tenantId, cutoff, policy.draftCapabilities());
        boolean wholeClassHeld = holds.stream().anyMatch(h -> h.scope() == LegalHold.Scope.DATA_CLASS
                && h.dataClass().equals(Optional.of(dataClass)));
        c.setAutoCommit(false);
        try {
            long held = wholeClassHeld ? query.count(c, "") : query.count(c, "and " + query.held());
            if (wholeClassHeld) {
                ClassOutcome outcome = skipped(c, policy, rule, Optional.of(cutoff), held, SkipReason.LEGAL_HOLD, apply);
                c.commit();
                return outcome;
            }
            long purged = apply ? query.purge(c, rule.action()) : query.count(c, "and not " + query.held());
            Optional<SkipReason> reason = purged == 0 ? Optional.of(held > 0 ? SkipReason.LEGAL_HOLD
                    : SkipReason.NOT_EXPIRED) : Optional.empty();
            if (apply) {
                List<AuditRecord> events = new ArrayList<>();
                if (purged > 0) {
                    events.add(event("retention.purged", policy, rule, cutoff).meta("count", purged).build());
                }
                if (held > 0 || purged == 0) {
                    events.add(event("retention.skipped", policy, rule, cutoff)
                            .meta("reason", held > 0 ? SkipReason.LEGAL_HOLD.name() : SkipReason.NOT_EXPIRED.name())
                            .meta("held", held).build());
                }
                record(c, events);
            }
            c.commit();
            return new ClassOutcome(dataClass, rule.action(), Optional.of(cutoff), purged, held, reason);
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private ClassOutcome skipped(Connection c, RetentionPolicy policy, RetentionRule rule, Optional<Instant> cutoff,
                                 long held, SkipReason reason, boolean apply) throws SQLException {
        if (apply) {
            AuditRecord.Builder event = event("retention.skipped", policy, rule, cutoff.orElse(null))
                    .meta("reason", reason.name());
            if (held > 0) {
                event.meta("held", held);
            }
            record(c, List.of(event.build()));
        }
        return new ClassOutcome(rule.dataClass(), rule.action(), cutoff, 0, held, Optional.of(reason));
    }

    /** Appends in the connection's transaction, or in one of its own when there is none. */
    private void record(Connection c, List<AuditRecord> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        if (!c.getAutoCommit()) {
            ledger.append(c, events);
            return;
        }
        c.setAutoCommit(false);
        try {
            ledger.append(c, events);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /**
     * The ledger class: its window is the ledger's own, the purge is the ledger's retention (only up to a signed
     * checkpoint, which becomes the anchor). A legal hold moves the cut-off back to before the first held event, since
     * the ledger can only lose a prefix of its chain.
     */
    private ClassOutcome purgeLedger(RetentionPolicy policy, Instant now, boolean apply) throws SQLException {
        RetentionRule rule = policy.rule(DataClass.LEDGER_EVENTS);
        try (Connection c = dataSource.get().getConnection()) {
            if (rule.action() == RetentionAction.KEEP) {
                return skipped(c, policy, rule, Optional.empty(), 0, SkipReason.KEPT_BY_POLICY, apply);
            }
            Instant cutoff = now.minus(ledgerSide.window());
            if (!ledgerSide.purgeEnabled()) {
                return skipped(c, policy, rule, Optional.of(cutoff), 0, SkipReason.DISABLED, apply);
            }
            List<LegalHold> holds = LegalHolds.active(c, tenantId);
            if (holds.stream().anyMatch(h -> h.scope() == LegalHold.Scope.DATA_CLASS
                    && h.dataClass().equals(Optional.of(DataClass.LEDGER_EVENTS)))) {
                return skipped(c, policy, rule, Optional.of(cutoff), countEvents(c, Instant.EPOCH, cutoff),
                        SkipReason.LEGAL_HOLD, apply);
            }
            Instant allowed = cutoff;
            for (LegalHold hold : holds) {
                Optional<Instant> first = firstHeldEvent(c, hold);
                if (first.isPresent() && first.get().isBefore(allowed)) {
                    allowed = first.get();
                }
            }
            long held = allowed.isBefore(cutoff) ? countEvents(c, allowed, cutoff) : 0;
            if (!apply) {
                long due = countEvents(c, Instant.EPOCH, allowed);
                return new ClassOutcome(DataClass.LEDGER_EVENTS, rule.action(), Optional.of(allowed), due, held,
                        due == 0 ? Optional.of(held > 0 ? SkipReason.LEGAL_HOLD : SkipReason.NOT_EXPIRED)
                                : Optional.empty());
            }
            Map<String, Object> result = ledgerSide.retention().purgeBefore(allowed, ACTOR);
            long removed = Boolean.TRUE.equals(result.get("purged")) ? ((Number) result.get("removed")).longValue() : 0;
            List<AuditRecord> events = new ArrayList<>();
            Optional<SkipReason> reason = Optional.empty();
            if (removed > 0) {
                events.add(event("retention.purged", policy, rule, allowed).meta("count", removed)
                        .meta("throughSeq", result.get("throughSeq")).build());
            } else {
                reason = Optional.of(held > 0 ? SkipReason.LEGAL_HOLD : SkipReason.NO_CHECKPOINT_BEFORE_CUTOFF);
            }
            if (held > 0 || removed == 0) {
                events.add(event("retention.skipped", policy, rule, allowed)
                        .meta("reason", held > 0 ? SkipReason.LEGAL_HOLD.name()
                                : SkipReason.NO_CHECKPOINT_BEFORE_CUTOFF.name())
                        .meta("held", held).build());
            }
            record(c, events);
            return new ClassOutcome(DataClass.LEDGER_EVENTS, rule.action(), Optional.of(allowed), removed, held, reason);
        }
    }

    /** The time of the first ledger event a hold keeps: the start of its range, or the first event naming its subject. */
    private static Optional<Instant> firstHeldEvent(Connection c, LegalHold hold) throws SQLException {
        return switch (hold.scope()) {
            case DATE_RANGE -> hold.dataClass().isEmpty() || hold.dataClass().get() == DataClass.LEDGER_EVENTS
                    ? hold.from() : Optional.empty();
            case PROPOSAL, INTAKE_ITEM -> {
                try (PreparedStatement ps = c.prepareStatement("select min(at) from audit_events "
                        + "where target = ? or correlation_id = ?")) {
                    ps.setString(1, hold.subject().orElseThrow());
                    ps.setString(2, hold.subject().orElseThrow());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        yield Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant);
                    }
                }
            }
            case DATA_CLASS -> Optional.empty();
        };
    }

    private long countEvents(Connection c, Instant from, Instant before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select count(*) from audit_events where tenant_id = ? "
                + "and at >= ? and at < ?")) {
            ps.setString(1, tenantId);
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setTimestamp(3, Timestamp.from(before));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private AuditRecord.Builder event(String action, RetentionPolicy policy, RetentionRule rule, Instant cutoff) {
        AuditRecord.Builder builder = AuditRecord.of(tenantId, ActorType.SYSTEM, ACTOR, action)
                .target(rule.dataClass().id())
                .meta("class", rule.dataClass().id())
                .meta("action", rule.action().yamlName())
                .meta("policyHash", policy.hash());
        rule.windowDays().ifPresent(w -> builder.meta("windowDays", w));
        if (cutoff != null) {
            builder.meta("cutoff", ChainHash.formatTime(cutoff));
        }
        return builder;
    }

    /** The SQL of one data class: which rows are due, which of them holds keep, and how they go. */
    private static final class ClassQuery {
        private final DataClass dataClass;
        private final String tenantId;
        private final Instant cutoff;
        private final List<String> draftCapabilities;

        ClassQuery(DataClass dataClass, String tenantId, Instant cutoff, List<String> draftCapabilities) {
            this.dataClass = dataClass;
            this.tenantId = tenantId;
            this.cutoff = cutoff;
            this.draftCapabilities = draftCapabilities;
        }

        /** Due rows: of this studio (where the table is per studio), older than the cut-off, and due by state. */
        private String due() {
            return (dataClass.tenantScoped() ? "t.tenant_id = ? and " : "") + "t." + dataClass.timeColumn() + " < ? and ("
                    + dataClass.due() + ")";
        }

        /** An active hold of this studio keeps the row: by its date, or by naming it. */
        String held() {
            String time = "t." + dataClass.timeColumn();
            String byName = dataClass.holdScope().map(scope -> " or (h.scope = '" + scope + "' and h.subject = t."
                    + dataClass.keyColumn() + "::text)").orElse("");
            return "exists (select 1 from legal_holds h where h.tenant_id = ? and h.released_at is null and ("
                    + "(h.scope = 'date_range' and (h.data_class is null or h.data_class = ?) and " + time
                    + " >= h.held_from and " + time + " < h.held_until)" + byName + "))";
        }

        private int bindDue(Connection c, PreparedStatement ps, int index) throws SQLException {
            if (dataClass.tenantScoped()) {
                ps.setString(index++, tenantId);
            }
            ps.setTimestamp(index++, Timestamp.from(cutoff));
            if (dataClass.dueTakesCapabilities()) {
                ps.setArray(index++, c.createArrayOf("text", draftCapabilities.toArray()));
            }
            return index;
        }

        private int bindHeld(PreparedStatement ps, int index) throws SQLException {
            ps.setString(index++, tenantId);
            ps.setString(index++, dataClass.id());
            return index;
        }

        /** Due rows, narrowed by {@code extra} ("", "and held", "and not held"). */
        long count(Connection c, String extra) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("select count(*) from " + dataClass.table() + " t where "
                    + due() + " " + extra)) {
                int next = bindDue(c, ps, 1);
                if (!extra.isEmpty()) {
                    bindHeld(ps, next);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }

        long purge(Connection c, RetentionAction action) throws SQLException {
            if (dataClass == DataClass.DELEGATION_DENIALS) {
                // Append-only for the hub's role: only whole spans go, through the database's own function.
                try (CallableStatement call = c.prepareCall("select retention_purge_delegation_denials(?, ?)")) {
                    call.setString(1, tenantId);
                    call.setTimestamp(2, Timestamp.from(cutoff));
                    try (ResultSet rs = call.executeQuery()) {
                        rs.next();
                        return rs.getLong(1);
                    }
                }
            }
            if (dataClass == DataClass.PROPOSALS || dataClass == DataClass.DRAFTS) {
                return purgeProposals(c);
            }
            String sql = action == RetentionAction.REDACT
                    ? "update " + dataClass.table() + " t set summary = '' where " + due() + " and not " + held()
                    : "delete from " + dataClass.table() + " t where " + due() + " and not " + held();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bindHeld(ps, bindDue(c, ps, 1));
                return ps.executeUpdate();
            }
        }

        /** A proposal goes with its transitions and its (long spent) grants. */
        private long purgeProposals(Connection c) throws SQLException {
            List<UUID> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select t.id from proposals t where " + due() + " and not "
                    + held() + " for update")) {
                bindHeld(ps, bindDue(c, ps, 1));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getObject(1, UUID.class));
                    }
                }
            }
            if (ids.isEmpty()) {
                return 0;
            }
            Array array = c.createArrayOf("uuid", ids.toArray());
            delete(c, "delete from grants where proposal_id = any(?)", array);
            delete(c, "delete from proposal_transitions where proposal_id = any(?)", array);
            return delete(c, "delete from proposals where id = any(?)", array);
        }

        private static int delete(Connection c, String sql, Array ids) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setArray(1, ids);
                return ps.executeUpdate();
            }
        }
    }
}
