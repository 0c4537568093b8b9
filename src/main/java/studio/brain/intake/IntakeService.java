package studio.brain.intake;

import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import studio.brain.gate.Actor;
import studio.brain.gate.GateException;
import studio.brain.gate.PolicyStore;
import studio.brain.gate.ProposalDecisions;
import studio.brain.gate.Rationales;
import studio.brain.gate.ReasonCode;
import studio.brain.hash.CanonicalJson;
import studio.brain.hash.ContentHash;
import studio.brain.idempotency.IdempotencyStore;
import studio.brain.ledger.ActorType;
import studio.brain.ledger.AuditRecord;
import studio.brain.ledger.Ledger;
import studio.brain.observability.EventLog;
import studio.brain.store.GroupCommit;

/**
 * The intake of work requests and flags: each accepted webhook call is classified, kept (hashes and a short summary),
 * and — when risky — routed to staff review with the work item on intake hold, so no proposal about it can be made
 * or executed until staff decide. A webhook id seen before gets the first answer and leaves no second record.
 * Staff decide with a reason code and a rationale; a granted override releases the hold, a denied one keeps it for
 * good and rejects the work item's open proposals.
 */
public final class IntakeService implements AutoCloseable {
    public static final String SCOPE = "intake.webhook";
    public static final Duration DEDUPE_WINDOW = Duration.ofDays(7);
    private static final EventLog LOG = EventLog.of("intake");
    private static final Pattern GRANTED_REASON = Pattern.compile("staff_override_[a-z0-9_]{2,60}");
    private static final Pattern DENIED_REASON = Pattern.compile("policy_[a-z0-9_]{2,60}");
    private static final int SUMMARY_LENGTH = 140;

    /** What the classifier said about a text. */
    public record Verdict(String category, double confidence, List<String> matchedRules, String rulePackVersion) {

        public boolean risky() {
            return !"none".equals(category);
        }
    }

    /** Classifies a request's text; the rule pack behind it is named in every verdict. */
    @FunctionalInterface
    public interface Classify {
        Verdict classify(String text);
    }

    /** An answer to the sender: status and JSON body; {@code replayed} when it is the first answer again. */
    public record Answer(int status, Map<String, Object> body, boolean replayed) {
    }

    private final Supplier<DataSource> dataSource;
    private final Clock clock;
    private final Ledger ledger;
    private final IdempotencyStore idempotency;
    private final Classify classifier;
    private final ProposalDecisions decisions;
    private final String tenantId;
    private final GroupCommit<Received, Answer> writer;

    /** A verified, validated and classified call, waiting for its turn in a transaction. */
    private record Received(String webhookId, IntakeRequest request, String payloadHash, Verdict verdict) {
    }

    public IntakeService(Supplier<DataSource> dataSource, Clock clock, Ledger ledger, IdempotencyStore idempotency,
                         Classify classifier, ProposalDecisions decisions, String tenantId) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.ledger = ledger;
        this.idempotency = idempotency;
        this.classifier = classifier;
        this.decisions = decisions;
        this.tenantId = tenantId;
        // Calls share transactions: each one's rows and its ledger events commit together, many calls per commit.
        this.writer = new GroupCommit<>("intake", dataSource, 128, this::receiveAll);
    }

    /**
     * Records one verified, validated webhook call; {@code payloadHash} identifies its exact body. The text is
     * classified here, in the caller's thread; the writes share a transaction with other calls.
     */
    public Answer receive(String webhookId, IntakeRequest request, String payloadHash) throws SQLException {
        Verdict verdict = classifier.classify(request.description() + "\n" + String.join(" ", request.tags()));
        return writer.submit(new Received(webhookId, request, payloadHash, verdict));
    }

    private List<Answer> receiveAll(Connection c, List<Received> calls) throws SQLException {
        List<Answer> answers = new ArrayList<>(calls.size());
        List<AuditRecord> events = new ArrayList<>();
        for (Received call : calls) {
            answers.add(receiveOne(c, call, events));
        }
        // Last: the ledger's chain lock is held from here to the commit.
        if (!events.isEmpty()) {
            ledger.append(c, events);
        }
        return answers;
    }

    private Answer receiveOne(Connection c, Received call, List<AuditRecord> events) throws SQLException {
        IdempotencyStore.Outcome seen = idempotency.begin(c, SCOPE, call.webhookId(), call.payloadHash());
        switch (seen.status()) {
            case REPLAY -> {
                return new Answer(202, json(seen.responseJson()), true);
            }
            case CONFLICT -> throw new IntakeRejected(409, "IDEMPOTENCY_CONFLICT",
                    "this webhook-id was already used for a different body");
            case IN_PROGRESS -> throw new IntakeRejected(409, "IN_PROGRESS",
                    "this webhook-id is being processed; retry later");
            default -> {
                // new: go on
            }
        }
        Instant now = clock.instant();
        IntakeRequest request = call.request();
        Verdict verdict = call.verdict();
        boolean risky = verdict.risky();
        IntakeItem item = new IntakeItem(UUID.randomUUID(), request.workItemId(), request.ownerUid(),
                request.actorType(), request.actorId(), request.source(), summary(request.description()),
                ContentHash.of(request.description()), request.tags(), verdict.category(), verdict.confidence(),
                verdict.matchedRules(), verdict.rulePackVersion(), risky ? "manual_review" : "allow",
                risky ? IntakeItem.IN_REVIEW : IntakeItem.ALLOWED, now, null, null, null, null);
        IntakeStore.insert(c, tenantId, call.webhookId(), item, call.payloadHash(),
                request.attachmentHashes(), request.links().stream().map(ContentHash::of).toList());
        ActorType actorType = "agent".equals(request.actorType()) ? ActorType.AGENT : ActorType.HUMAN;
        String actorId = request.actorId() == null ? request.source() : request.actorId();
        events.add(event(actorType, actorId, "intake.classified", item)
                .approvalState(risky ? "held" : "open").build());
        if (risky) {
            PolicyStore.hold(c, tenantId, request.workItemId(), item.id().toString(), verdict.category(), now);
            events.add(event(ActorType.SYSTEM, "intake", "intake.routed_to_review", item)
                    .approvalState("pending_review").build());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("intakeId", item.id().toString());
        body.put("workItemId", item.workItemId());
        body.put("category", item.category());
        body.put("disposition", item.disposition());
        body.put("rulePackVersion", item.rulePackVersion());
        idempotency.complete(c, SCOPE, call.webhookId(), CanonicalJson.of(body));
        LOG.info("intake.received", "intakeId", item.id().toString(), "category", item.category(),
                "disposition", item.disposition());
        return new Answer(202, body, false);
    }

    /** A staff decision on an item in review. */
    public IntakeItem decide(Actor staff, UUID id, String decision, String reasonCode, String rationale,
                             String requestId) throws SQLException {
        if (!staff.isStaff()) {
            throw new GateException(ReasonCode.FORBIDDEN, "only staff decide intake reviews");
        }
        String why = Rationales.require(rationale);
        boolean granted = IntakeItem.OVERRIDE_GRANTED.equals(decision);
        if (!granted && !IntakeItem.OVERRIDE_DENIED.equals(decision)) {
            throw new GateException(ReasonCode.INVALID_INPUT, "decision must be override_granted or override_denied");
        }
        Pattern rule = granted ? GRANTED_REASON : DENIED_REASON;
        if (reasonCode == null || !rule.matcher(reasonCode).matches()) {
            throw new GateException(ReasonCode.INVALID_INPUT, granted
                    ? "an override_granted needs a reason code staff_override_<why>, e.g. staff_override_own_design"
                    : "an override_denied needs a reason code policy_<rule>, e.g. policy_trademark_resale");
        }
        Instant now = clock.instant();
        IntakeItem decided;
        List<UUID> toReject = List.of();
        try (Connection c = dataSource.get().getConnection()) {
            c.setAutoCommit(false);
            try {
                IntakeItem item = IntakeStore.find(c, tenantId, id, true).orElseThrow(() ->
                        new GateException(ReasonCode.PROPOSAL_NOT_FOUND, "no intake item " + id));
                String status = granted ? IntakeItem.OVERRIDE_GRANTED : IntakeItem.OVERRIDE_DENIED;
                if (!IntakeStore.decide(c, tenantId, id, status, staff.id(), reasonCode, why, now)) {
                    throw new GateException(ReasonCode.ALREADY_DECIDED, "intake item " + id + " is not in review ("
                            + item.status() + ")");
                }
                if (granted && nothingElseHolds(c, item.workItemId())) {
                    PolicyStore.release(c, tenantId, item.workItemId(), id.toString(), staff.id(), why, now);
                }
                if (!granted) {
                    toReject = openProposals(c, item.workItemId());
                }
                ledger.append(c, List.of(event(staff.type(), staff.id(), "intake." + status, item)
                        .rationale(why).requestId(requestId).approvalState(granted ? "released" : "blocked")
                        .meta("reasonCode", reasonCode).build()));
                decided = IntakeStore.find(c, tenantId, id, false).orElseThrow();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        for (UUID proposal : toReject) {
            try {
                decisions.reject(staff, proposal, "Intake override denied (" + reasonCode + "): " + why, requestId);
            } catch (GateException refused) {
                // Still blocked: the hold stays for good, so the gate refuses it anyway (e.g. staff's own proposal).
                LOG.info("intake.proposal_not_rejected", "proposalId", proposal.toString(),
                        "reason", refused.reason().name());
            }
        }
        return decided;
    }

    public Optional<IntakeItem> find(UUID id) throws SQLException {
        try (Connection c = dataSource.get().getConnection()) {
            return IntakeStore.find(c, tenantId, id, false);
        }
    }

    public List<IntakeItem> reviewQueue(int limit) throws SQLException {
        try (Connection c = dataSource.get().getConnection()) {
            return IntakeStore.queue(c, tenantId, limit);
        }
    }

    public Map<String, Object> stats() throws SQLException {
        try (Connection c = dataSource.get().getConnection()) {
            return IntakeStore.stats(c, tenantId);
        }
    }

    /** A granted override releases the work item only when no other flag about it waits or was denied. */
    private boolean nothingElseHolds(Connection c, String workItemId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select count(*) from intake_items where tenant_id = ? "
                + "and work_item_id = ? and status in (?, ?)")) {
            ps.setString(1, tenantId);
            ps.setString(2, workItemId);
            ps.setString(3, IntakeItem.IN_REVIEW);
            ps.setString(4, IntakeItem.OVERRIDE_DENIED);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) == 0;
            }
        }
    }

    private List<UUID> openProposals(Connection c, String workItemId) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select id from proposals where tenant_id = ? "
                + "and work_item_id = ? and status in ('pending_approval', 'approved')")) {
            ps.setString(1, tenantId);
            ps.setString(2, workItemId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add((UUID) rs.getObject(1));
                }
            }
        }
        return ids;
    }

    private AuditRecord.Builder event(ActorType type, String actorId, String action, IntakeItem item) {
        return AuditRecord.of(tenantId, type, actorId, action)
                .target(item.workItemId()).correlationId(item.id().toString()).inputHash(item.descriptionHash())
                .meta("category", item.category()).meta("confidence", item.confidence())
                .meta("matchedRules", item.matchedRules()).meta("rulePackVersion", item.rulePackVersion())
                .meta("source", item.source()).meta("ownerUid", item.ownerUid());
    }

    /** Answers what is queued, then takes no more calls. */
    @Override
    public void close() {
        writer.close();
    }

    /** The start of the description, on one line: enough for staff to recognise the request, not the payload. */
    static String summary(String description) {
        String line = description.replaceAll("\\s+", " ").strip();
        return line.length() <= SUMMARY_LENGTH ? line : line.substring(0, SUMMARY_LENGTH - 1) + "…";
    }

    private static Map<String, Object> json(String text) {
        try {
            return CanonicalJson.mapper().readValue(text, new TypeReference<>() {
            });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a stored intake answer is not JSON", e);
        }
    }
}
