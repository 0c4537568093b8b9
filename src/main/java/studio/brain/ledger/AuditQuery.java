package studio.brain.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Lists ledger events newest first, with filters and a cursor ({@code before} a seq). */
public final class AuditQuery {
    public static final int MAX_LIMIT = 500;

    private AuditQuery() {
    }

    /** The filters a caller may give; each null means "any". Bad values are refused with the parameter named. */
    public record Filter(Instant from, Instant to, String actionPrefix, String actorId, String actorType,
                         String capabilityId, String approvalState, String tenantId, String correlationId,
                         Long before, int limit) {

        public static Filter parse(Map<String, String> params) {
            List<String> problems = new ArrayList<>();
            Instant from = time(params.get("from"), "from", problems);
            Instant to = time(params.get("to"), "to", problems);
            String actorType = params.get("actorType");
            if (actorType != null && !actorType.matches("staff|human|agent|system")) {
                problems.add("actorType must be staff, human, agent or system");
            }
            Long before = null;
            if (params.get("before") != null) {
                try {
                    before = Long.parseLong(params.get("before"));
                } catch (NumberFormatException e) {
                    problems.add("before must be a sequence number");
                }
            }
            int limit = 100;
            if (params.get("limit") != null) {
                try {
                    limit = Integer.parseInt(params.get("limit"));
                } catch (NumberFormatException e) {
                    limit = -1;
                }
                if (limit < 1 || limit > MAX_LIMIT) {
                    problems.add("limit must be from 1 to " + MAX_LIMIT);
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", problems));
            }
            return new Filter(from, to, params.get("action"), params.get("actor"), actorType, params.get("capability"),
                    params.get("approvalState"), params.get("tenant"), params.get("correlationId"), before, limit);
        }

        private static Instant time(String value, String name, List<String> problems) {
            if (value == null) {
                return null;
            }
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                problems.add(name + " must be an ISO-8601 instant like 2026-11-30T08:00:00Z");
                return null;
            }
        }
    }

    public static Map<String, Object> list(DataSource dataSource, Filter f) throws SQLException {
        StringBuilder sql = new StringBuilder("select " + LedgerStore.COLUMNS + " from audit_events where true");
        List<Object> args = new ArrayList<>();
        add(sql, args, " and at >= ?", f.from() == null ? null : Timestamp.from(f.from()));
        add(sql, args, " and at < ?", f.to() == null ? null : Timestamp.from(f.to()));
        add(sql, args, " and action like ?", f.actionPrefix() == null ? null
                : f.actionPrefix().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        add(sql, args, " and actor_id = ?", f.actorId());
        add(sql, args, " and actor_type = ?", f.actorType());
        add(sql, args, " and capability_id = ?", f.capabilityId());
        add(sql, args, " and approval_state = ?", f.approvalState());
        add(sql, args, " and tenant_id = ?", f.tenantId());
        add(sql, args, " and correlation_id = ?", f.correlationId());
        add(sql, args, " and seq < ?", f.before());
        sql.append(" order by seq desc limit ?");
        args.add(f.limit() + 1);
        List<Map<String, Object>> events = new ArrayList<>();
        Long next = null;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    LedgerEvent event = LedgerStore.read(rs);
                    if (events.size() == f.limit()) {
                        next = events.isEmpty() ? null : (Long) events.get(events.size() - 1).get("seq");
                        break;
                    }
                    events.add(event.toMap(true));
                }
            }
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("events", events);
        page.put("nextBefore", next);
        return page;
    }

    private static void add(StringBuilder sql, List<Object> args, String clause, Object value) {
        if (value != null) {
            sql.append(clause);
            args.add(value);
        }
    }
}
