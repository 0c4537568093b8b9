package studio.brain.assist.anomaly;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import studio.brain.hash.CanonicalJson;
import studio.brain.ledger.ActorType;
import studio.brain.ledger.AuditRecord;
import studio.brain.ledger.Ledger;
import studio.brain.state.StudioStateStore;

/**
 * One run of the ops anomaly scan for the route: the latest StudioState and its history from the local tables, the
 * detector's rules, and what earlier runs remembered (cooldowns, dismissals, kept in {@code assist_scan_state}). It
 * answers the drafts as inputs for the gate's {@code ops.recommendation} capability — the route proposes them, so
 * every draft is a proposal staff decide on — and records the run's counts in the ledger. It never acts.
 */
public final class OpsScan {
    static final String SCAN = "ops-anomaly";
    static final String RULES = "rules:";
    static final String DEDUPE = "dedupe:";
    private static final int HISTORY_DAYS = 60;

    private final Supplier<DataSource> dataSource;
    private final Clock clock;
    private final Ledger ledger;
    private final AnomalyDetector detector;
    private final String tenantId;

    public OpsScan(Supplier<DataSource> dataSource, Clock clock, Ledger ledger, AnomalyDetector detector,
                   String tenantId) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.ledger = ledger;
        this.detector = detector;
        this.tenantId = tenantId;
    }

    /** Scans now; the answer is one gate input per draft (empty when there is no snapshot yet or nothing to say). */
    public List<Map<String, Object>> scan() throws SQLException {
        Instant now = clock.instant();
        try (Connection c = dataSource.get().getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Map<String, Object>> history = StudioStateStore.history(c, tenantId, HISTORY_DAYS + 1);
                if (history.isEmpty()) {
                    c.rollback();
                    return List.of();
                }
                ScanState state = state(c);
                // Device health arrives with the connectors; until then the device rules have nothing to judge.
                ScanResult result = detector.scan(history.get(0), history.subList(1, history.size()), List.of(), now,
                        state);
                save(c, result.next(), now);
                ledger.append(c, List.of(AuditRecord.of(tenantId, ActorType.SYSTEM, "ops-anomaly-scan",
                                "ops.scan_completed").correlationId(String.valueOf(history.get(0).get("snapshotDate")))
                        .meta("rulesVersion", detector.rules().version()).meta("hitsByRule", result.hitsByRule())
                        .meta("emitted", result.drafts().size()).meta("suppressed", result.suppressed().size())
                        .meta("notEvaluated", result.notEvaluated().size()).build()));
                c.commit();
                List<Map<String, Object>> inputs = new ArrayList<>();
                for (OpsDraft draft : result.drafts()) {
                    inputs.add(input(draft, String.valueOf(history.get(0).get("snapshotDate"))));
                }
                return inputs;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Staff dismissed a draft as a false positive: its rules stay quiet for their suppression windows, and the next
     * drafts say why. {@code sourceRefs} are the draft's own (its rules and dedupe key are among them).
     */
    public void dismiss(List<String> sourceRefs, String staffId, String requestId) throws SQLException {
        List<String> ruleIds = new ArrayList<>();
        String dedupeKey = null;
        for (String ref : sourceRefs) {
            if (ref.startsWith(RULES)) {
                ruleIds.addAll(List.of(ref.substring(RULES.length()).split(",")));
            } else if (ref.startsWith(DEDUPE)) {
                dedupeKey = ref.substring(DEDUPE.length());
            }
        }
        if (ruleIds.isEmpty()) {
            throw new IllegalArgumentException("this draft names no anomaly rule, so there is nothing to suppress");
        }
        Instant now = clock.instant();
        try (Connection c = dataSource.get().getConnection()) {
            c.setAutoCommit(false);
            try {
                save(c, state(c).dismiss(ruleIds, dedupeKey, now, detector.rules()), now);
                ledger.append(c, List.of(AuditRecord.of(tenantId, ActorType.STAFF, staffId, "ops.draft_dismissed")
                        .requestId(requestId).meta("rules", ruleIds).meta("dedupeKey", dedupeKey).build()));
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The draft as the {@code ops.recommendation} action input, with the gate's headers beside it. */
    private static Map<String, Object> input(OpsDraft draft, String snapshotDate) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("summary", cut(draft.title(), 200));
        input.put("details", cut(draft.rationale() + "\n\nRecommendation: " + draft.recommendation() + "\n\nWhy now: "
                + String.join(" ", draft.explanation()), 4000));
        input.put("sourceRefs", List.of("snapshot:" + snapshotDate, RULES + String.join(",", draft.ruleIds()),
                "severity:" + draft.severity(), DEDUPE + draft.dedupeKey()));
        Map<String, Object> proposal = new LinkedHashMap<>();
        proposal.put("input", input);
        proposal.put("target", "ops:" + draft.group());
        proposal.put("rationale", cut(draft.rationale(), 2000));
        proposal.put("dedupeKey", draft.dedupeKey());
        return proposal;
    }

    private ScanState state(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select state::text from assist_scan_state "
                + "where tenant_id = ? and scan = ? for update")) {
            ps.setString(1, tenantId);
            ps.setString(2, SCAN);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? CanonicalJson.mapper().readValue(rs.getString(1), ScanState.class) : ScanState.EMPTY;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new SQLException("the stored scan state is not readable", e);
            }
        }
    }

    private void save(Connection c, ScanState state, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into assist_scan_state (tenant_id, scan, state, "
                + "updated_at) values (?, ?, ?::jsonb, ?) on conflict (tenant_id, scan) do update set "
                + "state = excluded.state, updated_at = excluded.updated_at")) {
            ps.setString(1, tenantId);
            ps.setString(2, SCAN);
            ps.setString(3, CanonicalJson.mapper().writeValueAsString(state));
            ps.setTimestamp(4, Timestamp.from(now));
            ps.executeUpdate();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the scan state cannot be written", e);
        }
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
