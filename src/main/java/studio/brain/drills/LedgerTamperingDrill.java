package studio.brain.drills;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import studio.brain.ledger.VerifyReport;

/**
 * Someone with the database owner's rights edits one audit event in place (the ledger's guards switched off, as only
 * a superuser can). Detect is the time from the edit until the verifier names that seq; recover is restoring the row
 * and the verifier green again. The events the drill saw before must all be back, unchanged.
 */
final class LedgerTamperingDrill implements Drill {
    static final String ID = "ledger-tampering";

    @Override
    public DrillReport run(DrillHub hub, int load) throws Exception {
        DrillHub.Agent agent = hub.agent("agent-drill-ledger");
        for (int i = 0; i < Math.max(3, load); i++) {
            String id = hub.propose(agent.authorization(), "Tamper drill " + i + ": note the glaze batch " + i, "drill-ledger-" + i);
            hub.approve(id);
        }
        hub.ledger().checkpoint();
        Map<Long, String> before = hub.committedEvents();
        long victim = before.keySet().stream().skip(before.size() / 2).findFirst()
                .orElseThrow(() -> new DrillException("the drill hub's ledger is empty"));
        String original = metadataOf(hub, victim);

        long tamperStart = System.nanoTime();
        asOwnerWithoutGuards(hub, "update audit_events set metadata = metadata || '{\"amount\": \"tampered\"}'::jsonb "
                + "where seq = " + victim);
        VerifyReport tampered = hub.verifyLedger();
        long detectMs = DrillHub.millisSince(tamperStart);
        boolean named = !tampered.ok() && Long.valueOf(victim).equals(tampered.firstBadSeq());

        long restoreStart = System.nanoTime();
        try (Connection c = hub.postgres.owner().getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("set session_replication_role = replica");
            }
            try (PreparedStatement ps = c.prepareStatement("update audit_events set metadata = ?::jsonb where seq = ?")) {
                ps.setString(1, original);
                ps.setLong(2, victim);
                ps.executeUpdate();
            }
            try (Statement s = c.createStatement()) {
                s.execute("set session_replication_role = origin");
            }
        }
        VerifyReport restored = hub.verifyLedger();
        Long recoverMs = restored.ok() ? DrillHub.millisSince(restoreStart) : null;

        long lost = hub.lostFrom(before);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("tamperedSeq", victim);
        details.put("eventsInLedger", before.size());
        details.put("verifierNamed", tampered.ok() ? "nothing" : tampered.firstBadSeq() + " " + tampered.problem());
        details.put("verifiedAfterRestore", restored.ok());
        String outcome = named ? "ledger verify named seq " + victim + " (" + tampered.problem() + ")"
                + (restored.ok() ? "; after the restore it verifies again" : "; the restore did NOT verify")
                : "ledger verify did NOT name the tampered seq " + victim + ": " + tampered.summary();
        return DrillReport.of(ID, named ? detectMs : null, recoverMs, outcome, hub.writesWithoutApproval(), lost,
                restored.ok(), named && restored.ok(), details);
    }

    private static String metadataOf(DrillHub hub, long seq) throws SQLException {
        try (Connection c = hub.postgres.owner().getConnection();
             PreparedStatement ps = c.prepareStatement("select metadata::text from audit_events where seq = ?")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new DrillException("no audit event " + seq);
                }
                return rs.getString(1);
            }
        }
    }

    private static void asOwnerWithoutGuards(DrillHub hub, String sql) throws SQLException {
        try (Connection c = hub.postgres.owner().getConnection(); Statement s = c.createStatement()) {
            s.execute("set session_replication_role = replica");
            s.execute(sql);
            s.execute("set session_replication_role = origin");
        }
    }
}
