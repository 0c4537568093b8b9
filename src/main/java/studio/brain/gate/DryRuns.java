package studio.brain.gate;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import studio.brain.hash.CanonicalJson;
import studio.brain.hash.ContentHash;
import studio.brain.ledger.AuditRecord;
import studio.brain.ledger.Ledger;

/**
 * Dry runs staff asked for: the preview an action's dry-run route produced (what it read and what it would change),
 * kept with who asked and when, and recorded as {@code dry_run.generated}. A medium-or-higher risk write executes
 * only once one exists for its proposal.
 */
public final class DryRuns {
    private final Supplier<DataSource> dataSource;
    private final Clock clock;
    private final Ledger ledger;
    private final String tenantId;

    public DryRuns(Supplier<DataSource> dataSource, Clock clock, Ledger ledger, String tenantId) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.ledger = ledger;
        this.tenantId = tenantId;
    }

    /** Keeps the preview and records it; answers its hash. */
    public String record(Actor actor, UUID proposalId, String capabilityId, JsonNode preview, String requestId)
            throws SQLException {
        String hash = ContentHash.of(preview);
        try (Connection c = dataSource.get().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("insert into dry_runs (proposal_id, tenant_id, requested_by, "
                    + "preview, preview_hash, at) values (?, ?, ?, ?::jsonb, ?, ?)")) {
                ps.setObject(1, proposalId);
                ps.setString(2, tenantId);
                ps.setString(3, actor.id());
                ps.setString(4, CanonicalJson.of(new CanonicalJson.Json(preview.toString())));
                ps.setString(5, hash);
                ps.setTimestamp(6, Timestamp.from(clock.instant()));
                ps.executeUpdate();
            }
            ledger.append(c, List.of(AuditRecord.of(tenantId, actor.type(), actor.id(), "dry_run.generated")
                    .capability(capabilityId).target(proposalId.toString()).correlationId(proposalId.toString())
                    .requestId(requestId).outputHash(hash).meta("proposalId", proposalId.toString()).build()));
            c.commit();
        }
        return hash;
    }

    /** The latest preview of the proposal, or null. */
    public JsonNode latest(UUID proposalId) throws SQLException {
        try (Connection c = dataSource.get().getConnection()) {
            Map<String, Object> latest = latest(c, tenantId, proposalId);
            return latest == null ? null : (JsonNode) latest.get("preview");
        }
    }

    /** The latest dry run of the proposal — preview, its hash, who asked and when — or null when there is none. */
    public static Map<String, Object> latest(Connection c, String tenantId, UUID proposalId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select preview::text, preview_hash, requested_by, at "
                + "from dry_runs where proposal_id = ? and tenant_id = ? order by id desc limit 1")) {
            ps.setObject(1, proposalId);
            ps.setString(2, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Map<String, Object> dryRun = new java.util.LinkedHashMap<>();
                dryRun.put("preview", ProposalGate.json(rs.getString(1)));
                dryRun.put("previewHash", rs.getString(2));
                dryRun.put("requestedBy", rs.getString(3));
                dryRun.put("at", rs.getTimestamp(4).toInstant().toString());
                return dryRun;
            }
        }
    }

    static boolean seen(Connection c, UUID proposalId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select 1 from dry_runs where proposal_id = ? limit 1")) {
            ps.setObject(1, proposalId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
