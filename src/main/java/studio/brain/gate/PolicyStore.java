package studio.brain.gate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import studio.brain.hash.CanonicalJson;

/**
 * Policy state as an append-only history in {@code policy_events}: kill switch flips, exemptions and their
 * revocations, intake holds and releases. The current state is always derived from the history, so it survives
 * restarts and every change stays on record.
 */
public final class PolicyStore {
    static final String KILL_SWITCH = "kill_switch";
    static final String EXEMPTION = "exemption";
    static final String EXEMPTION_REVOKED = "exemption_revoked";
    static final String INTAKE_HOLD = "intake_hold";
    static final String INTAKE_RELEASE = "intake_release";

    private PolicyStore() {
    }

    static void append(Connection c, String tenantId, String kind, String subject, Map<String, Object> payload,
                       String actorId, String rationale, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into policy_events (tenant_id, kind, subject, payload, "
                + "actor_id, rationale, at) values (?, ?, ?, ?::jsonb, ?, ?, ?)")) {
            ps.setString(1, tenantId);
            ps.setString(2, kind);
            ps.setString(3, subject);
            ps.setString(4, CanonicalJson.of(payload));
            ps.setString(5, actorId);
            ps.setString(6, rationale);
            ps.setTimestamp(7, Timestamp.from(at));
            ps.executeUpdate();
        }
    }

    /** The kill switch's current position and the event that put it there, if it was ever flipped. */
    public record KillSwitch(boolean on, String actorId, String rationale, Instant at) {
    }

    public static KillSwitch killSwitch(Connection c, String tenantId) throws SQLException {
        List<KillSwitch> latest = killSwitchHistory(c, tenantId, 1);
        return latest.isEmpty() ? new KillSwitch(false, null, null, null) : latest.get(0);
    }

    public static List<KillSwitch> killSwitchHistory(Connection c, String tenantId, int limit) throws SQLException {
        List<KillSwitch> history = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select (payload->>'on')::boolean, actor_id, rationale, at "
                + "from policy_events where tenant_id = ? and kind = ? order by id desc limit ?")) {
            ps.setString(1, tenantId);
            ps.setString(2, KILL_SWITCH);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    history.add(new KillSwitch(rs.getBoolean(1), rs.getString(2), rs.getString(3),
                            rs.getTimestamp(4).toInstant()));
                }
            }
        }
        return history;
    }

    /** Exemptions not revoked and not expired at {@code now}. */
    public static List<PolicyState.Exemption> liveExemptions(Connection c, String tenantId, Instant now)
            throws SQLException {
        List<PolicyState.Exemption> live = new ArrayList<>();
        for (PolicyState.Exemption e : exemptions(c, tenantId, true)) {
            if (now.isBefore(e.expiresAt())) {
                live.add(e);
            }
        }
        return live;
    }

    /** Every exemption ever created, newest first; {@code unrevokedOnly} leaves out the revoked ones. */
    public static List<PolicyState.Exemption> exemptions(Connection c, String tenantId, boolean unrevokedOnly)
            throws SQLException {
        String sql = "select e.subject, e.payload->>'capabilityId', e.payload->>'ownerUid', e.payload->>'expiresAt', "
                + "e.actor_id, e.rationale from policy_events e where e.tenant_id = ? and e.kind = ? "
                + (unrevokedOnly ? "and not exists (select 1 from policy_events r where r.tenant_id = e.tenant_id "
                + "and r.kind = '" + EXEMPTION_REVOKED + "' and r.subject = e.subject) " : "")
                + "order by e.id desc";
        List<PolicyState.Exemption> result = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tenantId);
            ps.setString(2, EXEMPTION);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new PolicyState.Exemption(rs.getString(1), rs.getString(2), rs.getString(3),
                            Instant.parse(rs.getString(4)), rs.getString(5), rs.getString(6)));
                }
            }
        }
        return result;
    }

    public static Optional<PolicyState.Exemption> exemption(Connection c, String tenantId, String id)
            throws SQLException {
        return exemptions(c, tenantId, false).stream().filter(e -> e.id().equals(id)).findFirst();
    }

    public static boolean revoked(Connection c, String tenantId, String exemptionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select 1 from policy_events where tenant_id = ? and kind = ? "
                + "and subject = ?")) {
            ps.setString(1, tenantId);
            ps.setString(2, EXEMPTION_REVOKED);
            ps.setString(3, exemptionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Which of these work items are on hold now (their latest intake event is a hold), in one statement. */
    static Set<String> heldAmong(Connection c, String tenantId, Set<String> workItemIds) throws SQLException {
        Set<String> held = new HashSet<>();
        if (workItemIds.isEmpty()) {
            return held;
        }
        try (PreparedStatement ps = c.prepareStatement("select distinct on (subject) subject, kind from policy_events "
                + "where tenant_id = ? and kind in (?, ?) and subject = any(?) order by subject, id desc")) {
            ps.setString(1, tenantId);
            ps.setString(2, INTAKE_HOLD);
            ps.setString(3, INTAKE_RELEASE);
            ps.setArray(4, c.createArrayOf("text", workItemIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (INTAKE_HOLD.equals(rs.getString(2))) {
                        held.add(rs.getString(1));
                    }
                }
            }
        }
        return held;
    }

    /** Puts a work item on intake hold: the gate refuses its proposals and executions until it is released. */
    public static void hold(Connection c, String tenantId, String workItemId, String intakeId, String category,
                            Instant at) throws SQLException {
        append(c, tenantId, INTAKE_HOLD, workItemId, payload("intakeId", intakeId, "category", category), "intake",
                "flagged by intake as " + category, at);
    }

    /** Releases a work item's intake hold, after a staff override. */
    public static void release(Connection c, String tenantId, String workItemId, String intakeId, String staffId,
                               String rationale, Instant at) throws SQLException {
        append(c, tenantId, INTAKE_RELEASE, workItemId, payload("intakeId", intakeId), staffId, rationale, at);
    }

    /** Whether this work item's latest intake event is a hold. */
    public static boolean held(Connection c, String tenantId, String workItemId) throws SQLException {
        if (workItemId == null) {
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement("select kind from policy_events where tenant_id = ? "
                + "and kind in (?, ?) and subject = ? order by id desc limit 1")) {
            ps.setString(1, tenantId);
            ps.setString(2, INTAKE_HOLD);
            ps.setString(3, INTAKE_RELEASE);
            ps.setString(4, workItemId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && INTAKE_HOLD.equals(rs.getString(1));
            }
        }
    }

    /** Work items whose latest intake event is a hold. */
    public static Set<String> heldWorkItems(Connection c, String tenantId) throws SQLException {
        Set<String> held = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("select distinct on (subject) subject, kind from policy_events "
                + "where tenant_id = ? and kind in (?, ?) order by subject, id desc")) {
            ps.setString(1, tenantId);
            ps.setString(2, INTAKE_HOLD);
            ps.setString(3, INTAKE_RELEASE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (INTAKE_HOLD.equals(rs.getString(2))) {
                        held.add(rs.getString(1));
                    }
                }
            }
        }
        return held;
    }

    static Map<String, Object> payload(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                map.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return map;
    }
}
