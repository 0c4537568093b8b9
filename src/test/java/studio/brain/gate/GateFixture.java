package studio.brain.gate;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import studio.brain.ledger.Ledger;
import studio.brain.ledger.SigningKey;
import studio.brain.outbox.Outbox;
import studio.brain.testing.MutableClock;
import studio.brain.testing.TestDatabase;

/** A gate on a fresh database, with a small capability catalog and a clock the test moves. */
final class GateFixture implements AutoCloseable {
    static final String TENANT = "studio-main";
    static final String NOTE = "firestore.ops_note.append";
    static final String LAMP = "hubitat.device.command";
    static final String READ = "stripe.payments.read";
    static final String PUBLISH = "website.publish";
    /** A medium-risk write that runs only after a dry run. */
    static final String DRY = "firestore.ops_note.delete";

    final TestDatabase db = new TestDatabase();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T09:00:00Z"));
    final SigningKey key;
    final Ledger ledger;
    final ProposalGate gate;
    final ProposalDecisions decisions;
    final PolicyControls controls;
    final ExecutionService execution;

    GateFixture() throws Exception {
        Path dir = Files.createTempDirectory("gate");
        key = SigningKey.loadOrCreate(dir, "studio-brain.local/" + TENANT);
        ledger = new Ledger(() -> db.hub, clock, key, 10_000, Duration.ofHours(1));
        Outbox outbox = new Outbox(clock);
        gate = new ProposalGate(() -> db.hub, clock, ledger, outbox, CATALOG, TENANT, false, key);
        execution = new ExecutionService(() -> db.hub, clock, ledger, key.verifier(), CATALOG, TENANT, true);
        decisions = new ProposalDecisions(() -> db.hub, clock, ledger, outbox, key, TENANT);
        controls = new PolicyControls(() -> db.hub, clock, ledger, CATALOG, TENANT);
        delegate("bot", "uid-a");
        delegate("helper-bot", "uid-a");
    }

    static final CapabilityCatalog CATALOG = new CapabilityCatalog() {
        private final Map<String, CapabilityRules> rules = Map.of(
                NOTE, new CapabilityRules(NOTE, true, true, true, true,
                        List.of(new CapabilityRules.QuotaLimit(CapabilityRules.QuotaLimit.Scope.ACTOR, 3,
                                Duration.ofHours(1))), null),
                LAMP, new CapabilityRules(LAMP, true, true, false, true),
                READ, new CapabilityRules(READ, false, false, false, true),
                PUBLISH, new CapabilityRules(PUBLISH, true, true, false, false),
                DRY, new CapabilityRules(DRY, true, true, false, true, List.of(), null, true));

        @Override
        public Optional<CapabilityRules> rules(String capabilityId) {
            return Optional.ofNullable(rules.get(capabilityId));
        }

        @Override
        public List<String> validateInput(String capabilityId, JsonNode input) {
            List<String> problems = new ArrayList<>();
            if (capabilityId.equals(NOTE) && (!input.path("text").isTextual() || input.path("text").asText().isEmpty())) {
                problems.add("/text: required, 1 to 2000 characters");
            }
            return problems;
        }
    };

    static Actor staff(String id) {
        return Actor.staff(id, TENANT, Set.of("staff"));
    }

    static Actor agent(String id, String owner, String... scopes) {
        return Actor.agent(id, TENANT, owner, delegationOf(id).toString(), Set.of(scopes), List.of("delegation ok"));
    }

    /** The agent's delegation id; the fixture keeps a live delegation row for each agent the tests use. */
    static java.util.UUID delegationOf(String agentId) {
        return java.util.UUID.nameUUIDFromBytes(("dlg-" + agentId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void delegate(String agentId, String owner) throws SQLException {
        try (Connection c = db.owner.getConnection(); var ps = c.prepareStatement("insert into delegations (id, "
                + "tenant_id, owner_uid, agent_uid, scopes, issued_by, issued_at, expires_at) values (?, ?, ?, ?, "
                + "array['capability:" + NOTE + ":propose'], 'staff:mara', ?, ?)")) {
            ps.setObject(1, delegationOf(agentId));
            ps.setString(2, TENANT);
            ps.setString(3, owner);
            ps.setString(4, agentId);
            ps.setTimestamp(5, java.sql.Timestamp.from(clock.instant()));
            ps.setTimestamp(6, java.sql.Timestamp.from(clock.instant().plus(Duration.ofDays(30))));
            ps.executeUpdate();
        }
    }

    /** Revokes the agent's delegation, as staff would through the API. */
    void revoke(String agentId) throws SQLException {
        try (Connection c = db.owner.getConnection(); var ps = c.prepareStatement("update delegations set revoked_at = ?, "
                + "revoked_by = 'staff:mara', revoke_reason = 'test revocation' where id = ?")) {
            ps.setTimestamp(1, java.sql.Timestamp.from(clock.instant()));
            ps.setObject(2, delegationOf(agentId));
            ps.executeUpdate();
        }
    }

    static ProposalRequest note(String text, String owner, String workItem) {
        return new ProposalRequest(NOTE, TENANT, "studioOpsNotes", owner,
                ProposalGate.json("{\"text\":\"" + text + "\"}"), "Kiln 2 needs a shelf check before Friday firing",
                "add an ops note", List.of(), workItem);
    }

    ProposalGate.Outcome submit(Actor actor, ProposalRequest request) throws SQLException {
        return gate.submit(actor, request, "req-test");
    }

    long count(String sql) throws SQLException {
        try (Connection c = db.owner.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    long ledgerCount(String action) throws SQLException {
        return count("select count(*) from audit_events where action = '" + action + "'");
    }

    @Override
    public void close() {
        gate.close();
        ledger.close();
        db.close();
    }
}
