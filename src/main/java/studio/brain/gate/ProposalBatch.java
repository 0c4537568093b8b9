package studio.brain.gate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import studio.brain.gate.ProposalGate.Outcome;
import studio.brain.gate.ProposalTransitions.Transition;
import studio.brain.hash.CanonicalJson;
import studio.brain.ledger.AuditRecord;
import studio.brain.ledger.Ledger;
import studio.brain.ledger.SigningKey;
import studio.brain.outbox.Outbox;

/**
 * Many submissions in one transaction, with the same answers each would get alone: the policy state is read once,
 * every per-submission read and write is one statement for the whole batch, and the ledger's chain is extended once.
 * Submissions are decided in arrival order, so a later one sees what an earlier one did — its proposal (a
 * duplicate) and its quota use.
 */
final class ProposalBatch {
    /** A submission that passed the input checks: everything the transaction needs, computed beforehand. */
    record Submission(Actor actor, ProposalRequest request, Optional<CapabilityRules> capability, UUID decisionId,
                      String inputHash, String dedupeKey, String requestId, List<QuotaStore.Bucket> buckets) {
    }

    private record Created(int index, UUID id, Submission submission, Decision decision) {
    }

    private final Clock clock;
    private final Ledger ledger;
    private final Outbox outbox;
    private final String tenantId;
    private final boolean writesEnabled;
    private final SigningKey grantKey;

    ProposalBatch(Clock clock, Ledger ledger, Outbox outbox, String tenantId, boolean writesEnabled,
                  SigningKey grantKey) {
        this.clock = clock;
        this.ledger = ledger;
        this.outbox = outbox;
        this.tenantId = tenantId;
        this.writesEnabled = writesEnabled;
        this.grantKey = grantKey;
    }

    /** Decides and records every submission in the caller's transaction; the answers are in submission order. */
    List<Outcome> run(Connection c, List<Submission> batch) throws SQLException {
        Instant now = clock.instant();
        lock(c, batch);
        Map<String, Outcome> firsts = firstOutcomes(c, batch, now);
        boolean killSwitchOn = PolicyStore.killSwitch(c, tenantId).on();
        List<PolicyState.Exemption> exemptions = PolicyStore.liveExemptions(c, tenantId, now);
        Set<String> held = PolicyStore.heldAmong(c, tenantId, workItems(batch));
        Map<QuotaStore.Bucket, QuotaStore.Window> windows = QuotaStore.windows(c,
                batch.stream().flatMap(s -> s.buckets().stream()).toList());

        List<Outcome> outcomes = new ArrayList<>(batch.size());
        List<Created> created = new ArrayList<>();
        List<AuditRecord> events = new ArrayList<>();
        Map<UUID, Integer> duplicates = new LinkedHashMap<>();
        Map<QuotaStore.Bucket, Integer> quotaUses = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Submission s = batch.get(i);
            Outcome first = firsts.get(s.dedupeKey());
            if (first != null) {
                outcomes.add(first);
                duplicates.merge(first.proposalId(), 1, Integer::sum);
                continue;
            }
            String workItem = s.request().workItemId();
            PolicyState state = new PolicyState(tenantId, writesEnabled, killSwitchOn, exemptions,
                    workItem != null && held.contains(workItem) ? Set.of(workItem) : Set.of(),
                    QuotaStore.retryAfter(windows, s.buckets()));
            Decision decision = DecisionEngine.decide(s.capability().orElse(null), s.actor(), s.request(), state, now,
                    "propose");
            if (!decision.allowed()) {
                events.add(ProposalGate.denial(tenantId, s.actor(), s.request(), s.decisionId(), s.inputHash(),
                        decision.reason(), decision.trace(), s.requestId()));
                outcomes.add(new Outcome(s.decisionId(), decision.reason(), null, null, false, decision.trace(),
                        "denied: " + decision.trace().get(decision.trace().size() - 1), decision.retryAfter(), null));
                continue;
            }
            UUID proposalId = UUID.randomUUID();
            created.add(new Created(i, proposalId, s, decision));
            QuotaStore.use(windows, s.buckets());
            s.buckets().forEach(b -> quotaUses.merge(b, 1, Integer::sum));
            events.add(createdEvent(proposalId, s, decision));
            outcomes.add(new Outcome(s.decisionId(), decision.reason(), proposalId, decision.approvalState(), false,
                    decision.trace(), decision.approvalState().equals("approved") ? "allowed"
                    : "waiting for a staff decision", null, null));
            firsts.put(s.dedupeKey(), duplicateOf(proposalId, decision.approvalState(), s.decisionId()));
        }

        insertProposals(c, created, now);
        ProposalTransitions.recordAll(c, created.stream().map(p -> new Transition(p.id(), null,
                p.decision().approvalState(), p.submission().actor(), p.submission().request().rationale(), now))
                .toList());
        outbox.enqueueAll(c, created.stream().map(p -> new Outbox.Message(p.submission().request().tenantId(),
                "proposal.created", Map.of("proposalId", p.id().toString(),
                "capabilityId", p.submission().request().capabilityId(), "status", p.decision().approvalState(),
                "decisionId", p.submission().decisionId().toString()))).toList());
        QuotaStore.consume(c, quotaUses);
        countDuplicates(c, duplicates);
        mintExemptedGrants(c, created, outcomes, now);
        // Last: the ledger's chain lock is held from here to the commit, so everything else is done before it.
        if (!events.isEmpty()) {
            ledger.append(c, events);
        }
        return outcomes;
    }

    /**
     * Identical submissions, and submissions counting against the same quota bucket, queue behind each other here —
     * also across hubs sharing the database. Locks are taken in the order of their numbers, so two batches never
     * wait for each other in a circle.
     */
    private static void lock(Connection c, List<Submission> batch) throws SQLException {
        Set<String> keys = new TreeSet<>();
        for (Submission s : batch) {
            keys.add(s.dedupeKey());
            s.buckets().forEach(b -> keys.add("quota:" + b.key()));
        }
        try (PreparedStatement ps = c.prepareStatement("select count(pg_advisory_xact_lock(hashtext(k))) "
                + "from (select k from unnest(?::text[]) as k order by hashtext(k)) as sorted")) {
            ps.setArray(1, c.createArrayOf("text", keys.toArray()));
            ps.execute();
        }
    }

    /** The first live proposal for each dedupe key, within each submission's capability's dedupe window. */
    private Map<String, Outcome> firstOutcomes(Connection c, List<Submission> batch, Instant now) throws SQLException {
        Map<String, Instant> since = new LinkedHashMap<>();
        Map<String, String> tenants = new HashMap<>();
        for (Submission s : batch) {
            Duration window = s.capability().map(CapabilityRules::dedupeWindow).orElse(Duration.ofHours(24));
            since.merge(s.dedupeKey(), now.minus(window), (a, b) -> a.isBefore(b) ? a : b);
            tenants.put(s.dedupeKey(), s.request().tenantId());
        }
        String sql = "select q.key, f.id, f.status, f.decision_id "
                + "from unnest(?::text[], ?::timestamptz[], ?::text[]) as q(key, since, tenant) "
                + "cross join lateral (select id, status, decision_id from proposals p where p.tenant_id = q.tenant "
                + "and p.dedupe_key = q.key and p.created_at > q.since order by p.created_at limit 1) as f";
        Map<String, Outcome> firsts = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", since.keySet().toArray()));
            ps.setArray(2, c.createArrayOf("timestamptz",
                    since.values().stream().map(Timestamp::from).toArray()));
            ps.setArray(3, c.createArrayOf("text", since.keySet().stream().map(tenants::get).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    firsts.put(rs.getString(1), duplicateOf((UUID) rs.getObject(2), rs.getString(3),
                            (UUID) rs.getObject(4)));
                }
            }
        }
        return firsts;
    }

    private static Outcome duplicateOf(UUID proposalId, String status, UUID decisionId) {
        return new Outcome(decisionId, ReasonCode.DUPLICATE, proposalId, status, true,
                List.of("dedupe: same capability, tenant, target and input as " + proposalId),
                "duplicate of proposal " + proposalId, null, null);
    }

    private static Set<String> workItems(List<Submission> batch) {
        Set<String> items = new TreeSet<>();
        batch.stream().map(s -> s.request().workItemId()).filter(Objects::nonNull).forEach(items::add);
        return items;
    }

    private static void insertProposals(Connection c, List<Created> created, Instant now) throws SQLException {
        if (created.isEmpty()) {
            return;
        }
        String sql = "insert into proposals (id, tenant_id, capability_id, dedupe_key, status, requested_by, rationale, "
                + "input, input_hash, preview, target, source_refs, created_at, expires_at, updated_at, decision_id, "
                + "requested_by_type, requested_by_id, owner_uid, work_item_id, exemption_id) "
                + "values (?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Created p : created) {
                Submission s = p.submission();
                ProposalRequest request = s.request();
                Actor actor = s.actor();
                ps.setObject(1, p.id());
                ps.setString(2, request.tenantId());
                ps.setString(3, request.capabilityId());
                ps.setString(4, s.dedupeKey());
                ps.setString(5, p.decision().approvalState());
                ps.setString(6, CanonicalJson.of(Map.of("type", actor.type().value(), "id", actor.id(),
                        "ownerUid", String.valueOf(actor.ownerUid()), "delegationId",
                        String.valueOf(actor.delegationId()))));
                ps.setString(7, request.rationale().strip());
                ps.setString(8, CanonicalJson.of(new CanonicalJson.Json(request.input().toString())));
                ps.setString(9, s.inputHash());
                ps.setString(10, request.preview());
                ps.setString(11, request.target());
                ps.setString(12, CanonicalJson.of(request.sourceRefs()));
                ps.setTimestamp(13, Timestamp.from(now));
                ps.setTimestamp(14, Timestamp.from(now.plus(ProposalGate.PROPOSAL_LIFETIME)));
                ps.setTimestamp(15, Timestamp.from(now));
                ps.setObject(16, s.decisionId());
                ps.setString(17, actor.type().value());
                ps.setString(18, actor.id());
                ps.setString(19, request.targetOwnerUid());
                ps.setString(20, request.workItemId());
                ps.setString(21, p.decision().exemptionId());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void countDuplicates(Connection c, Map<UUID, Integer> duplicates) throws SQLException {
        if (duplicates.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("update proposals set duplicate_count = duplicate_count + ? "
                + "where id = ?")) {
            for (Map.Entry<UUID, Integer> d : duplicates.entrySet()) {
                ps.setInt(1, d.getValue());
                ps.setObject(2, d.getKey());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** A write approved by a live exemption may run without a human decision, so it gets its grant now. */
    private void mintExemptedGrants(Connection c, List<Created> created, List<Outcome> outcomes, Instant now)
            throws SQLException {
        for (Created p : created) {
            if (p.decision().exemptionId() == null) {
                continue;
            }
            Submission s = p.submission();
            String grant = Grants.mint(c, grantKey, p.id(), s.request().capabilityId(), s.request().tenantId(),
                    s.inputHash(), now);
            Outcome o = outcomes.get(p.index());
            outcomes.set(p.index(), new Outcome(o.decisionId(), o.reason(), o.proposalId(), o.status(), o.duplicate(),
                    o.trace(), o.message(), o.retryAfter(), grant));
        }
    }

    private static AuditRecord createdEvent(UUID proposalId, Submission s, Decision decision) {
        ProposalRequest request = s.request();
        Actor actor = s.actor();
        return AuditRecord.of(request.tenantId(), actor.type(), actor.id(), "proposal.created")
                .capability(request.capabilityId()).target(request.target()).rationale(request.rationale())
                .approvalState(decision.approvalState()).inputHash(s.inputHash()).requestId(s.requestId())
                .correlationId(proposalId.toString())
                .meta("decisionId", s.decisionId().toString()).meta("reason", decision.reason().name())
                .meta("exemptionId", decision.exemptionId()).meta("delegationId", actor.delegationId())
                .meta("ownerUid", request.targetOwnerUid()).meta("workItemId", request.workItemId())
                .build();
    }
}
