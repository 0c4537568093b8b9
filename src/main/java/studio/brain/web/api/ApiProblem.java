package studio.brain.web.api;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import studio.brain.gate.ReasonCode;
import studio.brain.observability.SecretValueMasker;
import studio.brain.web.JsonApi;

/**
 * A request the API refuses, as the one error shape: {@code {"error":{"code","message","requestId"}}}, plus — where
 * they apply — the decision id that joins the refusal to its ledger event, the fields that were wrong, and
 * {@code Retry-After} for a refusal that passes with time. Messages are for people and pass the secret masker on
 * their way out; they never quote a credential.
 */
public final class ApiProblem extends RuntimeException {
    /** Codes of the API itself, beside the gate's {@link ReasonCode}s. */
    public static final String BAD_REQUEST = "BAD_REQUEST";
    public static final String NOT_FOUND = "NOT_FOUND";
    public static final String UNAVAILABLE = "UNAVAILABLE";
    public static final String NO_ACTION_ROUTE = "NO_ACTION_ROUTE";
    public static final String NOT_SUPPORTED = "NOT_SUPPORTED";
    public static final String IDEMPOTENCY_IN_PROGRESS = "IDEMPOTENCY_IN_PROGRESS";
    public static final String ACTION_FAILED = "ACTION_FAILED";

    private final int status;
    private final String code;
    private final List<FieldProblem> fields;
    private final UUID decisionId;
    private final Duration retryAfter;
    private final Map<String, String> headers;

    private ApiProblem(int status, String code, String message, List<FieldProblem> fields, UUID decisionId,
                       Duration retryAfter, Map<String, String> headers) {
        // No cause and no stack trace: the message is the whole story, and it goes to the caller.
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.fields = List.copyOf(fields);
        this.decisionId = decisionId;
        this.retryAfter = retryAfter;
        this.headers = Map.copyOf(headers);
    }

    public static ApiProblem of(int status, String code, String message) {
        return new ApiProblem(status, code, message, List.of(), null, null, Map.of());
    }

    /** A gate reason, with the HTTP status the reason code maps to. */
    public static ApiProblem of(ReasonCode reason, String message) {
        return of(reason.httpStatus(), reason.name(), message);
    }

    public static ApiProblem badRequest(String message) {
        return of(400, BAD_REQUEST, message);
    }

    public static ApiProblem notFound(String message) {
        return of(404, NOT_FOUND, message);
    }

    /** A body that was read but does not say what it must: 422 with every field that is wrong. */
    public static ApiProblem invalid(List<FieldProblem> fields) {
        StringBuilder message = new StringBuilder("the request body is not valid: ");
        for (int i = 0; i < fields.size(); i++) {
            message.append(i == 0 ? "" : "; ").append(fields.get(i).field()).append(' ')
                    .append(fields.get(i).message());
        }
        return new ApiProblem(ReasonCode.INVALID_INPUT.httpStatus(), ReasonCode.INVALID_INPUT.name(),
                message.toString(), fields, null, null, Map.of());
    }

    public ApiProblem withFields(List<FieldProblem> problems) {
        return new ApiProblem(status, code, getMessage(), problems, decisionId, retryAfter, headers);
    }

    public ApiProblem withDecisionId(UUID id) {
        return new ApiProblem(status, code, getMessage(), fields, id, retryAfter, headers);
    }

    public ApiProblem withRetryAfter(Duration wait) {
        return new ApiProblem(status, code, getMessage(), fields, decisionId, wait, headers);
    }

    public ApiProblem withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiProblem(status, code, getMessage(), fields, decisionId, retryAfter, more);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The error document, as answered and as stored for an idempotent replay. */
    public Map<String, Object> body(String requestId) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", SecretValueMasker.maskText(getMessage()));
        error.put("requestId", requestId);
        if (decisionId != null) {
            error.put("decisionId", decisionId.toString());
        }
        if (retryAfter != null) {
            error.put("retryAfterSeconds", retryAfterSeconds(retryAfter));
        }
        if (!fields.isEmpty()) {
            error.put("fields", fields.stream().map(f -> Map.of("field", f.field(),
                    "message", SecretValueMasker.maskText(f.message()))).toList());
        }
        return Map.of("error", error);
    }

    /** The headers that go with this refusal: {@code Retry-After} in seconds, a challenge. */
    public Map<String, String> headers() {
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (retryAfter != null) {
            all.put("Retry-After", Long.toString(retryAfterSeconds(retryAfter)));
        }
        return all;
    }

    /** Writes this refusal as the exchange's answer. */
    public void respond(Exchange exchange) throws Exception {
        JsonApi.respond(exchange, status, body(JsonApi.requestId(exchange)));
        headers().forEach(exchange.getMessage()::setHeader);
    }

    /** Whole seconds, rounded up and at least one: a client that waits this long will not be refused for time. */
    static long retryAfterSeconds(Duration wait) {
        long seconds = wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
