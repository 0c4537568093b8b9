package studio.brain.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import studio.brain.gate.ProposalGate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import studio.brain.gate.ProposalStatus;
import studio.brain.gate.capability.Capability;
import studio.brain.gate.capability.CapabilityRegistry;
import studio.brain.gate.capability.Risk;
import studio.brain.hash.CanonicalJson;

/**
 * Reads proposals for staff: the queue with its filters and a cursor, and one proposal with its transitions. Risk
 * is not stored with a proposal — it is the capability's, so it is read from the registry in force and both filtered
 * on and shown from there.
 */
final class ProposalQuery {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    private static final String COLUMNS = "id, tenant_id, capability_id, status, requested_by, requested_by_type, "
            + "requested_by_id, owner_uid, target, rationale, preview, input_hash, created_at, expires_at, updated_at, "
            + "decision_id, duplicate_count, work_item_id, exemption_id";

    private ProposalQuery() {
    }

    /** The filters of {@code GET /api/proposals}; each null means "any". */
    record Filter(String status, String capabilityId, String ownerUid, String target, Duration olderThan,
                  Duration newerThan, Risk risk, UUID before, int limit) {

        /** Reads the query parameters, refusing bad values with the parameter named (all of them at once). */
        static Filter parse(Function<String, String> parameter) {
            List<String> problems = new ArrayList<>();
            String status = parameter.apply("status");
            if (status != null && !statusKnown(status)) {
                problems.add("status must be one of " + String.join(", ", statuses()));
            }
            Risk risk = null;
            String riskText = parameter.apply("risk");
            if (riskText != null) {
                try {
                    risk = Risk.valueOf(riskText.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    problems.add("risk must be low, medium, high or critical");
                }
            }
            Duration olderThan = duration(parameter.apply("olderThan"), "olderThan", problems);
            Duration newerThan = duration(parameter.apply("newerThan"), "newerThan", problems);
            UUID before = null;
            if (parameter.apply("before") != null) {
                try {
                    before = UUID.fromString(parameter.apply("before"));
                } catch (IllegalArgumentException e) {
                    problems.add("before must be the nextBefore of a previous page");
                }
            }
            int limit = DEFAULT_LIMIT;
            if (parameter.apply("limit") != null) {
                try {
                    limit = Integer.parseInt(parameter.apply("limit"));
                } catch (NumberFormatException e) {
                    limit = -1;
                }
                if (limit < 1 || limit > MAX_LIMIT) {
                    problems.add("limit must be from 1 to " + MAX_LIMIT);
                }
            }
            if (!problems.isEmpty()) {
                throw ApiProblem.badRequest(String.join("; ", problems));
            }
            return new Filter(status, parameter.apply("capability"), parameter.apply("owner"), parameter.apply("target"),
                    olderThan, newerThan, risk, before, limit);
        }

        private static Duration duration(String value, String name, List<String> problems) {
            if (value == null) {
                return null;
            }
            try {
                Duration parsed = Duration.parse(value);
                if (!parsed.isNegative()) {
                    return parsed;
                }
            } catch (DateTimeParseException e) {
                // below
            }
            problems.add(name + " must be an ISO-8601 duration such as PT2H or P1D");
            return null;
        }
    }

    static Map<String, Object> list(Connection c, String tenantId, Filter f, CapabilityRegistry registry, Instant now)
            throws SQLException {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from proposals where tenant_id = ?");
        List<Object> args = new ArrayList<>(List.of(tenantId));
        add(sql, args, " and status = ?", f.status());
        add(sql, args, " and capability_id = ?", f.capabilityId());
        add(sql, args, " and owner_uid = ?", f.ownerUid());
        add(sql, args, " and target = ?", f.target());
        add(sql, args, " and created_at < ?", f.olderThan() == null ? null : Timestamp.from(now.minus(f.olderThan())));
        add(sql, args, " and created_at >= ?", f.newerThan() == null ? null : Timestamp.from(now.minus(f.newerThan())));
        if (f.risk() != null) {
            sql.append(" and capability_id = any(?)");
            args.add(c.createArrayOf("text", registry.all().stream().filter(cap -> cap.risk() == f.risk())
                    .map(Capability::id).toArray()));
        }
        if (f.before() != null) {
            Optional<Instant> cursor = createdAt(c, tenantId, f.before());
            if (cursor.isEmpty()) {
                throw ApiProblem.badRequest("before must be the nextBefore of a previous page");
            }
            // Newest first, ties broken by id: the page goes on strictly after the row the cursor names.
            sql.append(" and (created_at, id) < (?, ?)");
            args.add(Timestamp.from(cursor.get()));
            args.add(f.before());
        }
        sql.append(" order by created_at desc, id desc limit ?");
        args.add(f.limit() + 1);
        List<Map<String, Object>> proposals = new ArrayList<>();
        boolean more = false;
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (proposals.size() == f.limit()) {
                        more = true;
                        break;
                    }
                    proposals.add(row(rs, registry));
                }
            }
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("proposals", proposals);
        page.put("nextBefore", more ? proposals.get(proposals.size() - 1).get("id") : null);
        return page;
    }

    /** One proposal of this studio with its input and source references; empty when there is none. */
    static Optional<Map<String, Object>> find(Connection c, String tenantId, UUID id, CapabilityRegistry registry)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + ", input::text, source_refs::text "
                + "from proposals where tenant_id = ? and id = ?")) {
            ps.setString(1, tenantId);
            ps.setObject(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Map<String, Object> proposal = row(rs, registry);
                proposal.put("input", json(rs.getString("input")));
                JsonNode refs = json(rs.getString("source_refs"));
                proposal.put("sourceRefs", refs == null ? List.of() : refs);
                return Optional.of(proposal);
            }
        }
    }

    /** The capability of one proposal of this studio; empty when there is none. */
    static Optional<String> capabilityOf(Connection c, String tenantId, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select capability_id from proposals where tenant_id = ? "
                + "and id = ?")) {
            ps.setString(1, tenantId);
            ps.setObject(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    static Optional<String> statusOf(Connection c, String tenantId, UUID id) throws SQLException {
        return column(c, "status", tenantId, id);
    }

    static Optional<JsonNode> inputOf(Connection c, String tenantId, UUID id) throws SQLException {
        return column(c, "input::text", tenantId, id).map(ProposalGate::json);
    }

    private static Optional<String> column(Connection c, String column, String tenantId, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + column + " from proposals where tenant_id = ? "
                + "and id = ?")) {
            ps.setString(1, tenantId);
            ps.setObject(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    static List<Map<String, Object>> transitions(Connection c, UUID id) throws SQLException {
        List<Map<String, Object>> transitions = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select from_status, to_status, actor_type, actor_id, rationale, "
                + "at from proposal_transitions where proposal_id = ? order by id")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> t = new LinkedHashMap<>();
                    t.put("from", rs.getString(1));
                    t.put("to", rs.getString(2));
                    t.put("actorType", rs.getString(3));
                    t.put("actorId", rs.getString(4));
                    t.put("rationale", rs.getString(5));
                    t.put("at", rs.getTimestamp(6).toInstant().toString());
                    transitions.add(t);
                }
            }
        }
        return transitions;
    }

    private static Map<String, Object> row(ResultSet rs, CapabilityRegistry registry) throws SQLException {
        Map<String, Object> p = new LinkedHashMap<>();
        String capability = rs.getString("capability_id");
        p.put("id", rs.getObject("id").toString());
        p.put("tenantId", rs.getString("tenant_id"));
        p.put("capabilityId", capability);
        p.put("risk", registry.find(capability).map(cap -> cap.risk().yamlName()).orElse(null));
        p.put("status", rs.getString("status"));
        p.put("requestedBy", requestedBy(rs));
        p.put("ownerUid", rs.getString("owner_uid"));
        p.put("target", rs.getString("target"));
        p.put("rationale", rs.getString("rationale"));
        p.put("preview", rs.getString("preview"));
        p.put("inputHash", rs.getString("input_hash"));
        p.put("createdAt", instant(rs, "created_at"));
        p.put("expiresAt", instant(rs, "expires_at"));
        p.put("updatedAt", instant(rs, "updated_at"));
        Object decision = rs.getObject("decision_id");
        p.put("decisionId", decision == null ? null : decision.toString());
        p.put("duplicateCount", rs.getInt("duplicate_count"));
        p.put("workItemId", rs.getString("work_item_id"));
        p.put("exemptionId", rs.getString("exemption_id"));
        return p;
    }

    /** Who proposed: type and id, and for an agent its delegation and owner. */
    private static Map<String, Object> requestedBy(ResultSet rs) throws SQLException {
        Map<String, Object> by = new LinkedHashMap<>();
        by.put("type", rs.getString("requested_by_type"));
        by.put("id", rs.getString("requested_by_id"));
        JsonNode stored = json(rs.getString("requested_by"));
        for (String field : List.of("ownerUid", "delegationId")) {
            // The gate writes absent values as the text "null".
            String value = stored == null ? null : stored.path(field).asText(null);
            if (value != null && !value.equals("null")) {
                by.put(field, value);
            }
        }
        return by;
    }

    private static Optional<Instant> createdAt(Connection c, String tenantId, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select created_at from proposals where tenant_id = ? and id = ?")) {
            ps.setString(1, tenantId);
            ps.setObject(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getTimestamp(1).toInstant()) : Optional.empty();
            }
        }
    }

    private static String instant(ResultSet rs, String column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant().toString();
    }

    private static JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return CanonicalJson.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException("a stored proposal holds unreadable JSON", e);
        }
    }

    private static void add(StringBuilder sql, List<Object> args, String clause, Object value) {
        if (value != null) {
            sql.append(clause);
            args.add(value);
        }
    }

    private static boolean statusKnown(String status) {
        return statuses().contains(status);
    }

    private static Set<String> statuses() {
        Set<String> values = new LinkedHashSet<>();
        for (ProposalStatus s : ProposalStatus.values()) {
            values.add(s.value());
        }
        return values;
    }
}
