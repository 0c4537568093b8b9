package studio.brain.drills;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.builder.RouteBuilder;
import studio.brain.config.ConfigKey;
import studio.brain.config.ConfigLoader;
import studio.brain.config.HubConfig;
import studio.brain.gate.auth.LocalAdminToken;
import studio.brain.hub.Hub;
import studio.brain.ledger.ActorType;
import studio.brain.ledger.AuditRecord;
import studio.brain.ledger.Ledger;
import studio.brain.ledger.LedgerEvent;
import studio.brain.ledger.LedgerVerifier;
import studio.brain.ledger.VerifyReport;

/**
 * The non-production hub a drill runs against, in this process: the hub itself on loopback with a free port, writes
 * enabled behind approval, local staff tokens and the sample studio, its data in the drill's work folder and its
 * database on a {@link ThrowawayPostgres} of its own. Policies and connectors are the operator's (so a drill exercises
 * the real capability registry); routes are only the drill's. Speaks to the hub as a client would, over HTTP.
 */
final class DrillHub implements AutoCloseable {
    static final String CAPABILITY = "ops.recommendation";
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path work;
    final ThrowawayPostgres postgres;
    final Hub hub;
    final ActionRecorder recorder;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final String base;
    private final String staff;

    private DrillHub(Path work, ThrowawayPostgres postgres, Hub hub, ActionRecorder recorder) throws Exception {
        this.work = work;
        this.postgres = postgres;
        this.hub = hub;
        this.recorder = recorder;
        this.base = "http://127.0.0.1:" + hub.config().httpPort();
        this.staff = "Bearer " + Files.readString(hub.config().dataDir().resolve(LocalAdminToken.FILE_NAME)).strip();
    }

    /**
     * Starts the drill hub in {@code work}: its database, then the hub, then the recording action route for
     * {@value #CAPABILITY}. The operator's configuration gives only the tenant, the policies and the connectors.
     */
    static DrillHub start(HubConfig operator, Path work, long actionWriteMillis) throws Exception {
        ThrowawayPostgres postgres = ThrowawayPostgres.start(work.resolve("postgres"));
        try {
            Path routes = Files.createDirectories(work.resolve("routes"));
            Map<String, String> env = new HashMap<>();
            env.put(ConfigKey.HTTP_HOST.envName(), "127.0.0.1");
            env.put(ConfigKey.HTTP_PORT.envName(), Integer.toString(ThrowawayPostgres.freePort()));
            env.put(ConfigKey.DATA_DIR.envName(), work.resolve("data").toString());
            env.put(ConfigKey.DB_URL.envName(), postgres.jdbcUrl());
            env.put(ConfigKey.DB_USER.envName(), "postgres");
            env.put(ConfigKey.TENANT_ID.envName(), operator.tenantId());
            env.put(ConfigKey.WRITES_ENABLED.envName(), "true");
            env.put(ConfigKey.WRITE_APPROVAL_REQUIRED.envName(), "true");
            env.put(ConfigKey.STAFF_AUTH.envName(), "local-token");
            env.put(ConfigKey.ROUTES_DIR.envName(), routes.toString());
            env.put(ConfigKey.CONNECTORS_DIR.envName(), operator.connectorsDir().toAbsolutePath().toString());
            env.put(ConfigKey.POLICIES_DIR.envName(), operator.policiesDir().toAbsolutePath().toString());
            env.put(ConfigKey.LOG_LEVEL.envName(), "WARN");
            HubConfig config = ConfigLoader.load(ConfigLoader.bundledDefaults(), env);
            Hub hub = Hub.start(config, Clock.systemUTC());
            ActionRecorder recorder = new ActionRecorder(actionWriteMillis);
            try {
                hub.camel().addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        // The recording action route: only the execution service sends here, after its re-checks.
                        from("direct:execute-" + CAPABILITY.replace('.', '-')).routeId("drill-action-recorder")
                                .process(recorder);
                    }
                });
                // Routes added to a running hub stay stopped under its supervising route controller until started.
                hub.camel().getRouteController().startRoute("drill-action-recorder");
                return new DrillHub(work, postgres, hub, recorder);
            } catch (Exception | Error e) {
                hub.close();
                throw e;
            }
        } catch (Exception | Error e) {
            postgres.close();
            throw e;
        }
    }

    HubConfig config() {
        return hub.config();
    }

    String staff() {
        return staff;
    }

    /** An answer over HTTP; {@code json} is null when the body is not JSON. */
    record Answer(int status, JsonNode json) {
        String code() {
            return json == null ? null : json.at("/error/code").asText(null);
        }

        String text(String pointer) {
            return json == null ? null : json.at(pointer).asText(null);
        }
    }

    Answer post(String path, String authorization, Map<String, ?> body) throws Exception {
        return send("POST", path, authorization, JSON.writeValueAsString(body));
    }

    Answer get(String path, String authorization) throws Exception {
        return send("GET", path, authorization, null);
    }

    private Answer send(String method, String path, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        try {
            json = JSON.readTree(response.body());
        } catch (Exception notJson) {
            // left null
        }
        return new Answer(response.statusCode(), json);
    }

    /** {@code /readyz}'s status word: ready, degraded or not_ready (or unreachable when it does not answer). */
    String readiness() {
        try {
            Answer answer = get("/readyz", null);
            return answer.json() == null ? "unreachable" : answer.json().path("status").asText("unreachable");
        } catch (Exception e) {
            return "unreachable";
        }
    }

    /** A delegation staff issue to a drill agent: its id, and the agent's credential (its first token). */
    record Agent(String delegationId, String authorization) {
    }

    Agent agent(String agentUid) throws Exception {
        Answer issued = post("/api/delegations", staff, Map.of("ownerUid", "member-drill", "agentUid", agentUid,
                "scopes", java.util.List.of("capability:" + CAPABILITY + ":propose"), "ttl", "P1D"));
        if (issued.status() != 201) {
            throw new DrillException("cannot issue the drill agent's delegation: " + issued.status() + " "
                    + issued.json());
        }
        return new Agent(issued.text("/delegation/id"), "Delegation " + issued.text("/token/value"));
    }

    /** An agent proposes an ops recommendation (staff may not approve their own); answers the proposal id. */
    String propose(String authorization, String summary, String target) throws Exception {
        Answer created = post("/api/proposals", authorization, Map.of("capabilityId", CAPABILITY, "target", target,
                "targetOwnerUid", "member-drill",
                "input", Map.of("summary", summary),
                "rationale", "Chaos drill load: a recommendation that only the drill's recording route receives"));
        if (created.status() != 202 && created.status() != 200 && created.status() != 201) {
            throw new DrillException("the drill hub refused a proposal: " + created.status() + " " + created.json());
        }
        return created.text("/proposalId");
    }

    /** Staff approve; answers the grant. */
    String approve(String proposalId) throws Exception {
        Answer approved = approveAnswer(proposalId);
        if (approved.status() != 200) {
            throw new DrillException("the drill hub refused an approval: " + approved.status() + " " + approved.json());
        }
        return approved.text("/grant");
    }

    Answer approveAnswer(String proposalId) throws Exception {
        return post("/api/proposals/" + proposalId + "/approve", staff, Map.of("rationale",
                "Approved for the chaos drill, the recording route stands in for the write"));
    }

    Answer execute(String proposalId, String grant) throws Exception {
        return post("/api/proposals/" + proposalId + "/execute", staff, Map.of("grant", grant));
    }

    Answer killSwitch(boolean on) throws Exception {
        return post("/api/policy/kill-switch", staff, Map.of("on", on, "rationale", on
                ? "Chaos drill: stopping every execution while load is running"
                : "Chaos drill over, executions may resume now"));
    }

    Ledger ledger() {
        return hub.camel().getRegistry().lookupByNameAndType("ledger", Ledger.class);
    }

    /** Walks the chain as an auditor would, with the hub's verifier key, over the owner's connection. */
    VerifyReport verifyLedger() throws SQLException {
        return LedgerVerifier.verify(postgres.owner(), Hub.signingKey(config()).verifier(), 0, done -> { });
    }

    /** Every committed event, seq to hash: what must still be there, unchanged, after the fault. */
    Map<Long, String> committedEvents() throws SQLException {
        Map<Long, String> events = new LinkedHashMap<>();
        try (Connection c = postgres.owner().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select seq, hash from audit_events order by seq")) {
            while (rs.next()) {
                events.put(rs.getLong(1), rs.getString(2));
            }
        }
        return events;
    }

    /** How many of the events seen before are now missing or different. */
    long lostFrom(Map<Long, String> before) throws SQLException {
        Map<Long, String> now = committedEvents();
        return before.entrySet().stream().filter(e -> !e.getValue().equals(now.get(e.getKey()))).count();
    }

    /**
     * Writes without authority, as the database tells it: executions of a proposal that was never approved, and
     * sends the action route received for a proposal that has no execution record (a path around the gate).
     */
    long writesWithoutApproval() throws SQLException {
        long count = 0;
        try (Connection c = postgres.owner().getConnection()) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from executions e "
                    + "where not exists (select 1 from proposal_transitions t where t.proposal_id = e.proposal_id "
                    + "and t.to_status = 'approved')")) {
                rs.next();
                count += rs.getLong(1);
            }
            try (PreparedStatement ps = c.prepareStatement("select count(*) from executions where proposal_id = ?::uuid")) {
                for (ActionRecorder.Send send : recorder.sends()) {
                    ps.setString(1, send.proposalId());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) == 0) {
                            count++;
                        }
                    }
                }
            }
        }
        return count;
    }

    /** The drill's own event in the drill hub's ledger. */
    LedgerEvent recordCompleted(DrillReport report) {
        AuditRecord.Builder record = AuditRecord.of(config().tenantId(), ActorType.SYSTEM, "drill", "drill.completed")
                .target(report.scenario())
                .meta("scenario", report.scenario())
                .meta("safe", report.safe())
                .meta("detectMs", report.detectMs())
                .meta("recoverMs", report.recoverMs())
                .meta("outcome", report.outcome())
                .meta("unauthorizedWrites", report.unauthorizedWrites())
                .meta("lostCommittedEvents", report.lostCommittedEvents());
        return ledger().append(record.build());
    }

    @Override
    public void close() {
        try {
            hub.close();
        } finally {
            postgres.close();
        }
    }

    static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
