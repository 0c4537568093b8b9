package studio.brain.gate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import studio.brain.hash.ContentHash;
import studio.brain.ledger.LedgerEvent;

/**
 * Rebuilds the policy history ({@code policy_events}: kill switch flips, exemptions and their revocations) from the
 * ledger events that recorded each change, into an empty table. The proof: the policy state derived from the ledger
 * (kill switch position, every exemption and whether it is revoked) hashes the same as the state the rebuilt table
 * gives through {@link PolicyStore}, the gate's own reader.
 */
public final class PolicyRebuild {
    private final Connection connection;
    private final String tenantId;
    private final Map<String, Object> recorded = new TreeMap<>();
    private int replayed;
    private SQLException failure;

    public PolicyRebuild(Connection connection, String tenantId) {
        this.connection = connection;
        this.tenantId = tenantId;
        recorded.put("killSwitch", false);
    }

    /** What the replay wrote and what it proved. */
    public record Result(int changesReplayed, String recordedStateHash, String rebuiltStateHash) {

        public boolean proven() {
            return recordedStateHash.equals(rebuiltStateHash);
        }
    }

    public static boolean empty(Connection c, String tenantId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select count(*) from policy_events where tenant_id = ?")) {
            ps.setString(1, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) == 0;
            }
        }
    }

    public void accept(LedgerEvent event) {
        if (failure != null || !tenantId.equals(event.record().tenantId())) {
            return;
        }
        var record = event.record();
        try {
            switch (record.action()) {
                case "policy.kill_switch_on", "policy.kill_switch_off" -> {
                    boolean on = record.action().endsWith("_on");
                    PolicyStore.append(connection, tenantId, PolicyStore.KILL_SWITCH, null, PolicyStore.payload("on", on),
                            record.actorId(), record.rationale(), event.at());
                    recorded.put("killSwitch", on);
                    replayed++;
                }
                case "policy.exemption_created" -> {
                    Object owner = record.metadata().get("ownerUid");
                    String expiresAt = String.valueOf(record.metadata().get("expiresAt"));
                    PolicyStore.append(connection, tenantId, PolicyStore.EXEMPTION, record.target(),
                            PolicyStore.payload("capabilityId", record.capabilityId(), "ownerUid", owner,
                                    "expiresAt", expiresAt), record.actorId(), record.rationale(), event.at());
                    recorded.put("exemption:" + record.target(), exemption(record.capabilityId(), owner, expiresAt,
                            false));
                    replayed++;
                }
                case "policy.exemption_revoked" -> {
                    PolicyStore.append(connection, tenantId, PolicyStore.EXEMPTION_REVOKED, record.target(),
                            PolicyStore.payload(), record.actorId(), record.rationale(), event.at());
                    if (recorded.get("exemption:" + record.target()) instanceof Map<?, ?> e) {
                        recorded.put("exemption:" + record.target(), exemption(String.valueOf(e.get("capabilityId")),
                                e.get("ownerUid"), String.valueOf(e.get("expiresAt")), true));
                    }
                    replayed++;
                }
                default -> {
                    // not a policy change
                }
            }
        } catch (SQLException e) {
            failure = e;
        }
    }

    public Result finish() throws SQLException {
        if (failure != null) {
            throw failure;
        }
        Map<String, Object> rebuilt = new TreeMap<>();
        rebuilt.put("killSwitch", PolicyStore.killSwitch(connection, tenantId).on());
        List<PolicyState.Exemption> all = PolicyStore.exemptions(connection, tenantId, false);
        for (PolicyState.Exemption e : all) {
            rebuilt.put("exemption:" + e.id(), exemption(e.capabilityId(), e.ownerUid(), e.expiresAt().toString(),
                    PolicyStore.revoked(connection, tenantId, e.id())));
        }
        return new Result(replayed, ContentHash.of(recorded), ContentHash.of(rebuilt));
    }

    private static Map<String, Object> exemption(String capabilityId, Object ownerUid, String expiresAt,
                                                 boolean revoked) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("capabilityId", capabilityId);
        map.put("ownerUid", ownerUid);
        map.put("expiresAt", Instant.parse(expiresAt).toString());
        map.put("revoked", revoked);
        return map;
    }
}
