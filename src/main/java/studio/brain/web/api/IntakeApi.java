package studio.brain.web.api;

import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import studio.brain.intake.IntakeItem;
import studio.brain.intake.IntakeService;

/**
 * The intake review for staff: {@code GET /api/intake/review-queue} (items waiting, oldest first),
 * {@code GET /api/intake/stats} (weekly counts per category, decision consistency), {@code GET /api/intake/{id}}
 * and {@code POST /api/intake/{id}/decision} ({@code {"decision","reasonCode","rationale"}}). Moderation metadata
 * (categories, matched rules) is served to staff only. The webhook itself ({@code POST /api/intake/flags}) is a
 * route of its own, authenticated by its signature.
 */
public final class IntakeApi extends ApiRoutes {
    private final IntakeService intake;

    IntakeApi(ApiAuthentication authentication, IntakeService intake) {
        super(authentication);
        this.intake = intake;
    }

    @Override
    public void configure() {
        handleApiErrors();
        // One GET route for the three views: "review-queue" and "stats" would otherwise compete with "{id}".
        endpoint("GET", "/api/intake/{view}", Access.STAFF, "api-intake-read").process(this::read);
        endpoint("POST", "/api/intake/{id}/decision", Access.STAFF, "api-intake-decide").process(this::decide);
    }

    private void read(Exchange exchange) throws Exception {
        String view = parameter(exchange, "view");
        if ("review-queue".equals(view)) {
            respond(exchange, 200, Map.of("items", intake.reviewQueue(limit(exchange, 100)).stream()
                    .map(IntakeItem::toMap).toList()));
        } else if ("stats".equals(view)) {
            respond(exchange, 200, intake.stats());
        } else {
            UUID id = uuid(view);
            respond(exchange, 200, intake.find(id).orElseThrow(() -> ApiProblem.notFound("no intake item "
                    + shorten(view))).toMap());
        }
    }

    private void decide(Exchange exchange) throws Exception {
        UUID id = idParameter(exchange, "intake item");
        JsonBody body = JsonBody.of(exchange);
        String decision = body.text("decision", true, 40);
        String reasonCode = body.text("reasonCode", true, 80);
        String rationale = body.prose("rationale");
        body.check();
        if (intake.find(id).isEmpty()) {
            throw ApiProblem.notFound("no intake item " + id);
        }
        respond(exchange, 200, intake.decide(actor(exchange), id, decision, reasonCode, rationale,
                requestId(exchange)).toMap());
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (RuntimeException e) {
            throw ApiProblem.notFound("no intake view " + shorten(text) + ": use review-queue, stats or an item id");
        }
    }
}
