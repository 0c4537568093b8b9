package studio.brain.intake;

import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import studio.brain.hash.CanonicalJson;

/** The {@code intake_items} table: one row per accepted webhook call, and the staff decision on it. */
final class IntakeStore {
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, work_item_id, owner_uid, actor_type, actor_id, source, summary, "
            + "description_hash, tags::text, category, confidence, matched_rules::text, rule_pack_version, disposition, "
            + "status, received_at, decided_at, decided_by, decision_reason, decision_rationale";

    private IntakeStore() {
    }

    static void insert(Connection c, String tenant, String webhookId, IntakeItem item, String payloadHash,
                       List<String> attachmentHashes, List<String> linkHashes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into intake_items (id, tenant_id, webhook_id, "
                + "work_item_id, owner_uid, actor_type, actor_id, source, summary, description_hash, payload_hash, tags, "
                + "attachment_hashes, link_hashes, category, confidence, matched_rules, rule_pack_version, disposition, "
                + "status, received_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, "
                + "?::jsonb, ?, ?, ?, ?)")) {
            ps.setObject(1, item.id());
            ps.setString(2, tenant);
            ps.setString(3, webhookId);
            ps.setString(4, item.workItemId());
            ps.setString(5, item.ownerUid());
            ps.setString(6, item.actorType());
            ps.setString(7, item.actorId());
            ps.setString(8, item.source());
            ps.setString(9, item.summary());
            ps.setString(10, item.descriptionHash());
            ps.setString(11, payloadHash);
            ps.setString(12, CanonicalJson.of(item.tags()));
            ps.setString(13, CanonicalJson.of(attachmentHashes));
            ps.setString(14, CanonicalJson.of(linkHashes));
            ps.setString(15, item.category());
            ps.setDouble(16, item.confidence());
            ps.setString(17, CanonicalJson.of(item.matchedRules()));
            ps.setString(18, item.rulePackVersion());
            ps.setString(19, item.disposition());
            ps.setString(20, item.status());
            ps.setTimestamp(21, Timestamp.from(item.receivedAt()));
            ps.executeUpdate();
        }
    }

    /** Records the staff decision on an item in review; false when it is not (any longer) in review. */
    static boolean decide(Connection c, String tenant, UUID id, String status, String staffId, String reason,
                          String rationale, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update intake_items set status = ?, decided_at = ?, "
                + "decided_by = ?, decision_reason = ?, decision_rationale = ? where tenant_id = ? and id = ? "
                + "and status = ?")) {
            ps.setString(1, status);
            ps.setTimestamp(2, Timestamp.from(at));
            ps.setString(3, staffId);
            ps.setString(4, reason);
            ps.setString(5, rationale);
            ps.setString(6, tenant);
            ps.setObject(7, id);
            ps.setString(8, IntakeItem.IN_REVIEW);
            return ps.executeUpdate() == 1;
        }
    }

    static Optional<IntakeItem> find(Connection c, String tenant, UUID id, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from intake_items where tenant_id = ? "
                + "and id = ?" + (forUpdate ? " for update" : ""))) {
            ps.setString(1, tenant);
            ps.setObject(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** Items waiting for staff, oldest first: the review queue. */
    static List<IntakeItem> queue(Connection c, String tenant, int limit) throws SQLException {
        List<IntakeItem> items = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from intake_items where tenant_id = ? "
                + "and status = ? order by received_at, id limit ?")) {
            ps.setString(1, tenant);
            ps.setString(2, IntakeItem.IN_REVIEW);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(read(rs));
                }
            }
        }
        return items;
    }

    /**
     * Counts per ISO week and category, and how consistent staff decisions are: per category, the share of decisions
     * that agree with that category's most common decision.
     */
    static Map<String, Object> stats(Connection c, String tenant) throws SQLException {
        List<Map<String, Object>> weekly = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select to_char(received_at at time zone 'UTC', 'IYYY-\"W\"IW'), "
                + "category, count(*) from intake_items where tenant_id = ? group by 1, 2 order by 1 desc, 2")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    weekly.add(Map.of("week", rs.getString(1), "category", rs.getString(2), "count", rs.getLong(3)));
                }
            }
        }
        Map<String, Object> consistency = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("select category, status, count(*) from intake_items "
                + "where tenant_id = ? and status in (?, ?) group by 1, 2 order by 1, 2")) {
            ps.setString(1, tenant);
            ps.setString(2, IntakeItem.OVERRIDE_GRANTED);
            ps.setString(3, IntakeItem.OVERRIDE_DENIED);
            Map<String, long[]> byCategory = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long[] counts = byCategory.computeIfAbsent(rs.getString(1), k -> new long[2]);
                    counts[IntakeItem.OVERRIDE_GRANTED.equals(rs.getString(2)) ? 0 : 1] = rs.getLong(3);
                }
            }
            byCategory.forEach((category, counts) -> {
                long decided = counts[0] + counts[1];
                consistency.put(category, Map.of("decided", decided, "granted", counts[0], "denied", counts[1],
                        "consistency", decided == 0 ? 1.0 : (double) Math.max(counts[0], counts[1]) / decided));
            });
        }
        return Map.of("weekly", weekly, "decisionConsistency", consistency);
    }

    private static IntakeItem read(ResultSet rs) throws SQLException {
        try {
            return new IntakeItem((UUID) rs.getObject(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                    CanonicalJson.mapper().readValue(rs.getString(9), STRINGS), rs.getString(10), rs.getDouble(11),
                    CanonicalJson.mapper().readValue(rs.getString(12), STRINGS), rs.getString(13), rs.getString(14),
                    rs.getString(15), rs.getTimestamp(16).toInstant(),
                    rs.getTimestamp(17) == null ? null : rs.getTimestamp(17).toInstant(), rs.getString(18),
                    rs.getString(19), rs.getString(20));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("a stored intake item is not readable", e);
        }
    }
}
