package studio.brain.scorecard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import studio.brain.ledger.ActorType;
import studio.brain.ledger.AuditRecord;
import studio.brain.ledger.Ledger;

/**
 * Turns a computed scorecard into breach and recovery events, only where an indicator's status changed since the
 * last one recorded. The ledger is the memory: the last {@code scorecard.breach} or {@code scorecard.recovered} of
 * each indicator says where it stood (ok when there is none), so a restart or a second hub on the same database does
 * not repeat an event. An unknown status changes nothing: it is neither a breach nor a recovery.
 */
final class Crossings {
    static final String ACTOR = "scorecard";

    private final Ledger ledger;
    private final String tenantId;

    Crossings(Ledger ledger, String tenantId) {
        this.ledger = ledger;
        this.tenantId = tenantId;
    }

    /** Records the crossings of this report in one transaction and answers them. */
    List<Crossing> record(Connection c, ScorecardReport report, ScorecardPolicy policy) throws SQLException {
        c.setAutoCommit(false);
        try {
            // Two hubs computing at once queue here, so the second sees the first's events.
            try (PreparedStatement ps = c.prepareStatement("select pg_advisory_xact_lock(hashtext(?))")) {
                ps.setString(1, "scorecard:" + tenantId);
                ps.execute();
            }
            Map<Indicator, Status> last = lastRecorded(c);
            List<Crossing> crossings = new ArrayList<>();
            for (IndicatorResult result : report.indicators()) {
                Status before = last.getOrDefault(result.indicator(), Status.OK);
                if (result.status() != Status.UNKNOWN && result.status() != before) {
                    crossings.add(new Crossing(result, before));
                }
            }
            if (!crossings.isEmpty()) {
                ledger.append(c, crossings.stream().map(x -> event(x, policy)).toList());
            }
            c.commit();
            return crossings;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private Map<Indicator, Status> lastRecorded(Connection c) throws SQLException {
        Map<Indicator, Status> last = new EnumMap<>(Indicator.class);
        try (PreparedStatement ps = c.prepareStatement("select distinct on (target) target, metadata->>'status' "
                + "from audit_events where tenant_id = ? and action in (?, ?) order by target, seq desc")) {
            ps.setString(1, tenantId);
            ps.setString(2, Crossing.BREACH);
            ps.setString(3, Crossing.RECOVERED);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String status = rs.getString(2);
                    Indicator.byKey(rs.getString(1)).filter(i -> status != null)
                            .ifPresent(i -> last.put(i, Status.parse(status)));
                }
            }
        }
        return last;
    }

    private AuditRecord event(Crossing crossing, ScorecardPolicy policy) {
        IndicatorResult r = crossing.result();
        return AuditRecord.of(tenantId, ActorType.SYSTEM, ACTOR, crossing.action())
                .target(r.indicator().key())
                .rationale(r.indicator().title() + " " + (crossing.breach() ? "crossed into " : "came back to ")
                        + r.status().wireName() + ": " + r.detail())
                .meta("status", r.status().wireName())
                .meta("from", crossing.from().wireName())
                .meta("value", r.value().map(ScorecardPolicyLoader::number).orElse(null))
                .meta("unit", r.indicator().unit().wireName())
                .meta("warning", ScorecardPolicyLoader.number(r.threshold().warning()))
                .meta("critical", ScorecardPolicyLoader.number(r.threshold().critical()))
                .meta("owner", r.threshold().owner())
                .meta("policyHash", policy.hash())
                .build();
    }
}
