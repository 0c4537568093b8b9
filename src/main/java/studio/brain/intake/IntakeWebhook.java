package studio.brain.intake;

import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import studio.brain.hash.ContentHash;
import studio.brain.web.JsonApi;

/**
 * The steps of the intake webhook route ({@code routes/intake-webhook.camel.yaml}): check the Standard Webhooks
 * signature over the raw bytes, then validate and bind the body, then record it and answer 202; any refusal becomes
 * the one JSON error shape with its status, and leaves nothing behind.
 */
public final class IntakeWebhook {
    /** A flag is a short text with a few hashes; anything much larger is not one. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    static final String WEBHOOK_ID = "studioBrainWebhookId";
    static final String PAYLOAD_HASH = "studioBrainPayloadHash";
    static final String RAW_BODY = "studioBrainRawBody";

    private final Optional<WebhookSignature> signature;
    private final IntakeService service;
    private final Clock clock;

    public IntakeWebhook(Optional<WebhookSignature> signature, IntakeService service, Clock clock) {
        this.signature = signature;
        this.service = service;
        this.clock = clock;
    }

    /** Step 1: the raw bytes, signed by one of the active secrets, recently. */
    public void verify(Exchange exchange) {
        WebhookSignature check = signature.orElseThrow(() -> new IntakeRejected(503, "NOT_CONFIGURED",
                "the intake webhook has no signing secret: set STUDIO_BRAIN_INTAKE_WEBHOOK_SECRET"));
        byte[] body = exchange.getIn().getBody(byte[].class);
        if (body == null) {
            body = new byte[0];
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new IntakeRejected(413, "PAYLOAD_TOO_LARGE", "the body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        String id = exchange.getIn().getHeader(WebhookSignature.ID_HEADER, String.class);
        try {
            check.verify(id, exchange.getIn().getHeader(WebhookSignature.TIMESTAMP_HEADER, String.class),
                    exchange.getIn().getHeader(WebhookSignature.SIGNATURE_HEADER, String.class), body, clock.instant());
        } catch (WebhookRejected rejected) {
            throw new IntakeRejected(401, "NOT_AUTHENTICATED", rejected.getMessage());
        }
        exchange.setProperty(WEBHOOK_ID, id);
        exchange.setProperty(PAYLOAD_HASH, ContentHash.sha256Hex(body));
        exchange.setProperty(RAW_BODY, body);
    }

    /** Step 2: the body as an intake request, or 400/422 naming every field that is wrong. */
    public void parse(Exchange exchange) {
        exchange.getIn().setBody(IntakeRequest.parse(exchange.getProperty(RAW_BODY, byte[].class)));
    }

    /** Step 3: classify, keep, hold if risky, audit — once per webhook id — and answer 202. */
    public void record(Exchange exchange) throws SQLException, com.fasterxml.jackson.core.JsonProcessingException {
        IntakeService.Answer answer = service.receive(exchange.getProperty(WEBHOOK_ID, String.class),
                exchange.getIn().getBody(IntakeRequest.class), exchange.getProperty(PAYLOAD_HASH, String.class));
        JsonApi.respond(exchange, answer.status(), answer.body());
        if (answer.replayed()) {
            exchange.getMessage().setHeader("Idempotent-Replayed", "true");
        }
    }

    /** A refusal, as the sender sees it: status, code, message and (for a schema error) the fields. */
    public void refuse(Exchange exchange) throws com.fasterxml.jackson.core.JsonProcessingException {
        IntakeRejected rejected = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, IntakeRejected.class);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", rejected.code());
        error.put("message", rejected.getMessage());
        error.put("requestId", JsonApi.requestId(exchange));
        if (!rejected.fields().isEmpty()) {
            error.put("fields", rejected.fields());
        }
        JsonApi.respond(exchange, rejected.status(), Map.of("error", error));
        if (rejected.status() == 401) {
            exchange.getMessage().setHeader("WWW-Authenticate", "Webhook-Signature realm=\"studio-brain\"");
        }
    }
}
