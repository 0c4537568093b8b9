package studio.brain.gate;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import studio.brain.hash.CanonicalJson;
import studio.brain.hash.ContentHash;
import studio.brain.ledger.AuditRecord;
import studio.brain.ledger.Ledger;
import studio.brain.ledger.SigningKey;
import studio.brain.outbox.Outbox;

/**
 * The gate every proposal passes: idempotent dedupe, the decision, and — in one transaction — the proposal, its
 * ledger event and its outbox message; or, on a denial, one ledger event with the reason and nothing else. Every
 * answer carries a decision id that is also in its ledger event.
 */
public final class ProposalGate {
    static final Duration PROPOSAL_LIFETIME = Duration.ofDays(7);

    private final Supplier<DataSource> dataSource;
    private final Clock clock;
    private final Ledger ledger;
    private final Outbox outbox;
    private final CapabilityCatalog catalog;
    private final String tenantId;
    private final boolean writesEnabled;
    private final SigningKey grantKey;

    public ProposalGate(Supplier<DataSource> dataSource, Clock clock, Ledger ledger, Outbox outbox,
                        CapabilityCatalog catalog, String tenantId, boolean writesEnabled, SigningKey grantKey) {
        this.grantKey = grantKey;
        this.dataSource = dataSource;
        this.clock = clock;
        this.ledger = ledger;
        this.outbox = outbox;
        this.catalog = catalog;
        this.tenantId = tenantId;
        this.writesEnabled = writesEnabled;
    }

    /**
     * The gate's answer to a submission: allowed (a proposal exists, {@code status} says in which state), a
     * duplicate (the first outcome again) or denied (no proposal; {@code message} says why).
     */
    public record Outcome(UUID decisionId, ReasonCode reason, UUID proposalId, String status, boolean duplicate,
                          List<String> trace, String message, Duration retryAfter, String grant) {

        public boolean allowed() {
            return proposalId != null;
        }
    }

    public Outcome submit(Actor actor, ProposalRequest request, String requestId) throws SQLException {
        UUID decisionId = UUID.randomUUID();
        Optional<CapabilityRules> capability = catalog.rules(request.capabilityId());
        String inputHash = request.input() == null ? null : ContentHash.of(new CanonicalJson.Json(request.input().toString()));
        try {
            Rationales.require(request.rationale());
            if (request.input() == null || !request.input().isObject()) {
                throw new GateException(ReasonCode.INVALID_INPUT, "input must be a JSON object");
            }
            if (capability.isPresent()) {
                List<String> problems = catalog.validateInput(request.capabilityId(), request.input());
                if (!problems.isEmpty()) {
                    throw new GateException(ReasonCode.INVALID_INPUT, "the input does not fit "
                            + request.capabilityId() + ": " + String.join("; ", problems));
                }
            }
        } catch (GateException refused) {
            List<String> trace = List.of("input: " + refused.reason());
            recordDenial(actor, request, decisionId, inputHash, refused.reason(), trace, requestId);
            return new Outcome(decisionId, refused.reason(), null, null, false, trace, refused.getMessage(), null, null);
        }
        String dedupeKey = ContentHash.of(Map.of("capabilityId", request.capabilityId(), "tenantId",
                String.valueOf(request.tenantId()), "target", String.valueOf(request.target()), "inputHash", inputHash));

        try (Connection c = dataSource.get().getConnection()) {
            c.setAutoCommit(false);
            try {
                Outcome outcome = submitIn(c, actor, request, capability, decisionId, inputHash, dedupeKey, requestId);
                c.commit();
                return outcome;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private Outcome submitIn(Connection c, Actor actor, ProposalRequest request, Optional<CapabilityRules> capability,
                             UUID decisionId, String inputHash, String dedupeKey, String requestId) throws SQLException {
        // Identical submissions queue behind each other here, so exactly one of them is processed.
        try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, dedupeKey);
            lock.execute();
        }
        Duration window = capability.map(CapabilityRules::dedupeWindow).orElse(Duration.ofHours(24));
        Optional<Outcome> first = firstOutcome(c, request.tenantId(), dedupeKey, clock.instant().minus(window));
        if (first.isPresent()) {
            try (PreparedStatement ps = c.prepareStatement("update proposals set duplicate_count = duplicate_count + 1 "
                    + "where id = ?")) {
                ps.setObject(1, first.get().proposalId());
                ps.executeUpdate();
            }
            return first.get();
        }
        Instant now = clock.instant();
        List<QuotaStore.Bucket> buckets = capability.map(cap -> QuotaStore.buckets(cap, actor, request)).orElse(List.of());
        PolicyState state = new PolicyState(tenantId, writesEnabled, PolicyStore.killSwitch(c, tenantId).on(),
                PolicyStore.liveExemptions(c, tenantId, now),
                PolicyStore.held(c, tenantId, request.workItemId()) ? Set.of(request.workItemId()) : Set.of(),
                QuotaStore.retryAfter(c, buckets));
        Decision decision = DecisionEngine.decide(capability.orElse(null), actor, request, state, now, "propose");
        if (!decision.allowed()) {
            ledger.append(c, List.of(denial(actor, request, decisionId, inputHash, decision.reason(), decision.trace(),
                    requestId)));
            return new Outcome(decisionId, decision.reason(), null, null, false, decision.trace(),
                    "denied: " + decision.trace().get(decision.trace().size() - 1), decision.retryAfter(), null);
        }
        UUID proposalId = UUID.randomUUID();
        insertProposal(c, proposalId, actor, request, decision, decisionId, inputHash, dedupeKey, now);
        ProposalTransitions.record(c, proposalId, null, decision.approvalState(), actor, request.rationale(), now);
        outbox.enqueue(c, request.tenantId(), "proposal.created", Map.of("proposalId", proposalId.toString(),
                "capabilityId", request.capabilityId(), "status", decision.approvalState(),
                "decisionId", decisionId.toString()));
        QuotaStore.consume(c, buckets);
        // A write approved by a live exemption may run without a human decision, so it gets its grant now.
        String grant = decision.exemptionId() != null ? Grants.mint(c, grantKey, proposalId, request.capabilityId(),
                request.tenantId(), inputHash, now) : null;
        // Last: the ledger's chain lock is held from here to the commit, so everything else is done before it.
        ledger.append(c, List.of(AuditRecord.of(request.tenantId(), actor.type(), actor.id(), "proposal.created")
                .capability(request.capabilityId()).target(request.target()).rationale(request.rationale())
                .approvalState(decision.approvalState()).inputHash(inputHash).requestId(requestId)
                .correlationId(proposalId.toString())
                .meta("decisionId", decisionId.toString()).meta("reason", decision.reason().name())
                .meta("exemptionId", decision.exemptionId()).meta("delegationId", actor.delegationId())
                .meta("ownerUid", request.targetOwnerUid()).meta("workItemId", request.workItemId())
                .build()));
        return new Outcome(decisionId, decision.reason(), proposalId, decision.approvalState(), false, decision.trace(),
                decision.approvalState().equals("approved") ? "allowed" : "waiting for a staff decision", null, grant);
    }

    private static Optional<Outcome> firstOutcome(Connection c, String tenant, String dedupeKey, Instant since)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select id, status, decision_id from proposals where tenant_id = ? "
                + "and dedupe_key = ? and created_at > ? order by created_at limit 1")) {
            ps.setString(1, tenant);
            ps.setString(2, dedupeKey);
            ps.setTimestamp(3, Timestamp.from(since));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Outcome((UUID) rs.getObject(3), ReasonCode.DUPLICATE, (UUID) rs.getObject(1),
                        rs.getString(2), true, List.of("dedupe: same capability, tenant, target and input as "
                        + rs.getObject(1)), "duplicate of proposal " + rs.getObject(1), null, null));
            }
        }
    }

    private void insertProposal(Connection c, UUID id, Actor actor, ProposalRequest request, Decision decision,
                                UUID decisionId, String inputHash, String dedupeKey, Instant now) throws SQLException {
        String sql = "insert into proposals (id, tenant_id, capability_id, dedupe_key, status, requested_by, rationale, "
                + "input, input_hash, preview, target, source_refs, created_at, expires_at, updated_at, decision_id, "
                + "requested_by_type, requested_by_id, owner_uid, work_item_id, exemption_id) "
                + "values (?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            ps.setString(2, request.tenantId());
            ps.setString(3, request.capabilityId());
            ps.setString(4, dedupeKey);
            ps.setString(5, decision.approvalState());
            ps.setString(6, CanonicalJson.of(Map.of("type", actor.type().value(), "id", actor.id(),
                    "ownerUid", String.valueOf(actor.ownerUid()), "delegationId", String.valueOf(actor.delegationId()))));
            ps.setString(7, request.rationale().strip());
            ps.setString(8, CanonicalJson.of(new CanonicalJson.Json(request.input().toString())));
            ps.setString(9, inputHash);
            ps.setString(10, request.preview());
            ps.setString(11, request.target());
            ps.setString(12, CanonicalJson.of(request.sourceRefs()));
            ps.setTimestamp(13, Timestamp.from(now));
            ps.setTimestamp(14, Timestamp.from(now.plus(PROPOSAL_LIFETIME)));
            ps.setTimestamp(15, Timestamp.from(now));
            ps.setObject(16, decisionId);
            ps.setString(17, actor.type().value());
            ps.setString(18, actor.id());
            ps.setString(19, request.targetOwnerUid());
            ps.setString(20, request.workItemId());
            ps.setString(21, decision.exemptionId());
            ps.executeUpdate();
        }
    }

    private void recordDenial(Actor actor, ProposalRequest request, UUID decisionId, String inputHash, ReasonCode reason,
                              List<String> trace, String requestId) throws SQLException {
        try (Connection c = dataSource.get().getConnection()) {
            c.setAutoCommit(false);
            ledger.append(c, List.of(denial(actor, request, decisionId, inputHash, reason, trace, requestId)));
            c.commit();
        }
    }

    private AuditRecord denial(Actor actor, ProposalRequest request, UUID decisionId, String inputHash,
                               ReasonCode reason, List<String> trace, String requestId) {
        String action = reason == ReasonCode.RATE_LIMITED ? "rate_limit.triggered" : "proposal.denied";
        return AuditRecord.of(tenantId, actor.type(), actor.id(), action)
                .capability(request.capabilityId()).target(request.target()).inputHash(inputHash)
                .approvalState("denied").requestId(requestId)
                .meta("decisionId", decisionId.toString()).meta("reason", reason.name())
                .meta("requestedTenant", request.tenantId()).meta("actorTenant", actor.tenantId())
                .meta("traceHash", ContentHash.of(trace)).meta("delegationId", actor.delegationId())
                .build();
    }

    /** For callers (tests, the REST layer) that hold a JSON input. */
    public static JsonNode json(String text) {
        try {
            return CanonicalJson.mapper().readTree(text);
        } catch (Exception e) {
            throw new GateException(ReasonCode.INVALID_INPUT, "input is not valid JSON");
        }
    }
}
