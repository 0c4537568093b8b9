package studio.brain.gate;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import studio.brain.hash.CanonicalJson;
import studio.brain.hash.ContentHash;
import studio.brain.ledger.AuditRecord;
import studio.brain.ledger.Ledger;
import studio.brain.ledger.SigningKey;
import studio.brain.outbox.Outbox;
import studio.brain.store.GroupCommit;

/**
 * The gate every proposal passes: the input checks here, in the caller's thread; then idempotent dedupe, the decision,
 * and — in one transaction — the proposal, its ledger event and its outbox message; or, on a denial, one ledger event
 * with the reason and nothing else. Submissions from concurrent callers share transactions ({@link GroupCommit}).
 * Every answer carries a decision id that is also in its ledger event.
 */
public final class ProposalGate implements AutoCloseable {
    static final Duration PROPOSAL_LIFETIME = Duration.ofDays(7);

    private final Ledger ledger;
    private final CapabilityCatalog catalog;
    private final String tenantId;
    private final GroupCommit<ProposalBatch.Submission, Outcome> queue;

    public ProposalGate(Supplier<DataSource> dataSource, Clock clock, Ledger ledger, Outbox outbox,
                        CapabilityCatalog catalog, String tenantId, boolean writesEnabled, SigningKey grantKey) {
        this.ledger = ledger;
        this.catalog = catalog;
        this.tenantId = tenantId;
        // Up to 256 submissions share a transaction; the batch decides them in arrival order.
        this.queue = new GroupCommit<>("gate", dataSource, 256, new ProposalBatch(clock, ledger, outbox, tenantId,
                writesEnabled, grantKey)::run);
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
            requireNoNulCharacter(request);
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

        List<QuotaStore.Bucket> buckets = capability.map(cap -> QuotaStore.buckets(cap, actor, request)).orElse(List.of());
        return queue.submit(new ProposalBatch.Submission(actor, request, capability, decisionId, inputHash, dedupeKey,
                requestId, buckets));
    }

    /** PostgreSQL stores no NUL character in text or JSON, so a request carrying one is refused here, clearly. */
    private static void requireNoNulCharacter(ProposalRequest request) {
        String[] texts = {request.rationale(), request.target(), request.targetOwnerUid(), request.preview(),
                request.workItemId(), request.input().toString(), String.join("", request.sourceRefs())};
        for (String text : texts) {
            if (text != null && (text.indexOf('\0') >= 0 || text.contains("\\u0000"))) {
                throw new GateException(ReasonCode.INVALID_INPUT, "text must not contain a NUL character (\\u0000)");
            }
        }
    }

    private void recordDenial(Actor actor, ProposalRequest request, UUID decisionId, String inputHash, ReasonCode reason,
                              List<String> trace, String requestId) {
        ledger.append(denial(tenantId, actor, request, decisionId, inputHash, reason, trace, requestId));
    }

    static AuditRecord denial(String tenantId, Actor actor, ProposalRequest request, UUID decisionId, String inputHash,
                              ReasonCode reason, List<String> trace, String requestId) {
        String action = reason == ReasonCode.RATE_LIMITED ? "rate_limit.triggered" : "proposal.denied";
        return AuditRecord.of(tenantId, actor.type(), actor.id(), action)
                .capability(storable(request.capabilityId())).target(storable(request.target())).inputHash(inputHash)
                .approvalState("denied").requestId(requestId)
                .meta("decisionId", decisionId.toString()).meta("reason", reason.name())
                .meta("requestedTenant", storable(request.tenantId())).meta("actorTenant", actor.tenantId())
                .meta("traceHash", ContentHash.of(trace)).meta("delegationId", actor.delegationId())
                .build();
    }

    /** A refused request's text as the ledger can store it: a NUL character becomes U+FFFD. */
    private static String storable(String text) {
        return text == null ? null : text.replace('\0', '\uFFFD');
    }

    /** Answers what is queued, then takes no more submissions. */
    @Override
    public void close() {
        queue.close();
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
