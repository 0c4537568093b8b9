package studio.brain.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import studio.brain.gate.Actor;
import studio.brain.gate.ReasonCode;
import studio.brain.hash.CanonicalJson;
import studio.brain.hash.ContentHash;
import studio.brain.idempotency.IdempotencyKeys;
import studio.brain.idempotency.IdempotencyStore;
import studio.brain.ledger.AuditRecord;
import studio.brain.ledger.Ledger;
import studio.brain.web.JsonApi;

/**
 * The {@code Idempotency-Key} header of the API, on the hub's {@link IdempotencyStore} (Stripe's contract): the
 * first request with a key runs and its answer — status and body — is kept for {@link #WINDOW}; a retry of the
 * same request gets that answer again (with {@code Idempotent-Replayed: true}) and runs nothing; the same key with
 * another body is refused with 409 {@code IDEMPOTENCY_CONFLICT} and recorded in the ledger.
 *
 * <p>Keys belong to the caller: the stored key is the actor plus the client's key, so two callers choosing the same
 * key never meet, and nobody reads another's answer. An answer that says "try later" (rate limited) is not kept —
 * replaying it would refuse the retry forever — and neither is a failure of the hub; the key is released instead.
 */
public final class IdempotentAnswers {
    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    public static final String PROPOSALS = "api.proposals";
    /** As long as Stripe keeps keys. */
    public static final Duration WINDOW = Duration.ofHours(24);
    static final int MAX_KEY_LENGTH = 255;

    private final IdempotencyStore store;
    private final Ledger ledger;
    private final String tenantId;

    public IdempotentAnswers(IdempotencyStore store, Ledger ledger, String tenantId) {
        this.store = store;
        this.ledger = ledger;
        this.tenantId = tenantId;
    }

    /** The scopes this API keeps keys in, with their windows, for the store's constructor. */
    public static Map<String, Duration> scopes() {
        return Map.of(PROPOSALS, WINDOW);
    }

    /**
     * An HTTP answer: its status, its JSON body, and whether a replay may return it. Headers (such as
     * {@code Retry-After}) go with the first answer only; the answers that are kept carry none.
     */
    public record Answer(int status, Object body, boolean keep, Map<String, String> headers) {
        public Answer(int status, Object body, boolean keep) {
            this(status, body, keep, Map.of());
        }

        void respond(Exchange exchange, boolean replayed) throws Exception {
            JsonApi.respond(exchange, status, body);
            headers.forEach(exchange.getMessage()::setHeader);
            if (replayed) {
                exchange.getMessage().setHeader(REPLAYED, "true");
            }
        }
    }

    /** What a first request does; may fail, in which case its key is released. */
    @FunctionalInterface
    public interface Work {
        Answer run() throws Exception;
    }

    /** Runs the work at most once per key and request, and answers the exchange. */
    public void answerOnce(Exchange exchange, Actor actor, String scope, JsonNode request, Work work) throws Exception {
        String clientKey = clientKey(exchange);
        if (clientKey == null) {
            work.run().respond(exchange, false);
            return;
        }
        // The studio is part of the key: two hubs on one database both have a "local-admin".
        String key = actor.tenantId() + ":" + actor.type().value() + ":" + actor.id() + ":" + clientKey;
        String requestHash = ContentHash.of(request);
        IdempotencyStore.Outcome outcome = store.begin(scope, key, requestHash);
        switch (outcome.status()) {
            case REPLAY -> replay(outcome.responseJson()).respond(exchange, true);
            case CONFLICT -> {
                recordConflict(exchange, actor, scope, key, requestHash);
                throw ApiProblem.of(ReasonCode.IDEMPOTENCY_CONFLICT, "this Idempotency-Key was already used for a "
                        + "different request; send a new key with a new request");
            }
            case IN_PROGRESS -> throw ApiProblem.of(409, ApiProblem.IDEMPOTENCY_IN_PROGRESS, "the first request with "
                    + "this Idempotency-Key is still being handled; retry in a moment").withRetryAfter(Duration.ofSeconds(1));
            case NEW -> {
                Answer answer;
                try {
                    answer = work.run();
                } catch (Exception | Error e) {
                    store.abandon(scope, key);
                    throw e;
                }
                if (answer.keep()) {
                    store.complete(scope, key, CanonicalJson.of(Map.of("status", answer.status(), "body", answer.body())));
                } else {
                    store.abandon(scope, key);
                }
                answer.respond(exchange, false);
            }
            default -> throw new IllegalStateException("unknown idempotency status " + outcome.status());
        }
    }

    private static Answer replay(String stored) throws Exception {
        JsonNode answer = CanonicalJson.mapper().readTree(stored);
        return new Answer(answer.get("status").asInt(), answer.get("body"), true);
    }

    private void recordConflict(Exchange exchange, Actor actor, String scope, String key, String requestHash) {
        ledger.append(AuditRecord.of(tenantId, actor.type(), actor.id(), "api.idempotency_conflict")
                .requestId(JsonApi.requestId(exchange)).approvalState("denied")
                .meta("reason", ReasonCode.IDEMPOTENCY_CONFLICT.name()).meta("scope", scope)
                // The key is the client's text: only its hash goes on record.
                .meta("keyHash", IdempotencyKeys.canonical(key)).meta("requestHash", requestHash)
                .meta("delegationId", actor.delegationId())
                .build());
    }

    /** The header as sent (from the request itself, not a query parameter of the same name). */
    private static String clientKey(Exchange exchange) {
        String key = exchange.getIn() instanceof HttpMessage http ? http.getRequest().getHeader(HEADER) : null;
        if (key == null) {
            return null;
        }
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(ch -> ch >= 0x21 && ch <= 0x7e)) {
            throw ApiProblem.badRequest("an Idempotency-Key is 1 to " + MAX_KEY_LENGTH
                    + " visible ASCII characters (a UUID is a good choice)");
        }
        return key;
    }
}
