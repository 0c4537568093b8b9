package studio.brain.web.api;

import java.util.Map;
import org.apache.camel.Exchange;
import studio.brain.intake.TriageDesk;
import studio.brain.intake.triage.TriageFeedback;
import studio.brain.intake.triage.TriageRules;

/**
 * {@code POST /api/trust-safety/triage/suggest} ({@code {"targetType","title","note"}} → a suggestion, never an
 * action), {@code POST /api/trust-safety/triage/feedback} and {@code GET /api/trust-safety/triage/stats}; staff only.
 */
public final class TriageApi extends ApiRoutes {
    private final TriageDesk desk;

    TriageApi(ApiAuthentication authentication, TriageDesk desk) {
        super(authentication);
        this.desk = desk;
    }

    @Override
    public void configure() {
        handleApiErrors();
        endpoint("POST", "/api/trust-safety/triage/suggest", Access.STAFF, "api-triage-suggest").process(this::suggest);
        endpoint("POST", "/api/trust-safety/triage/feedback", Access.STAFF, "api-triage-feedback")
                .process(this::feedback);
        endpoint("GET", "/api/trust-safety/triage/stats", Access.STAFF, "api-triage-stats")
                .process(e -> respond(e, 200, desk.stats()));
    }

    private void suggest(Exchange exchange) throws Exception {
        JsonBody body = JsonBody.of(exchange);
        String targetType = body.text("targetType", true, 64);
        String title = body.text("title", false, 500);
        String note = body.text("note", false, 10_000);
        body.check();
        try {
            respond(exchange, 200, desk.suggest(actor(exchange), targetType, title, note, requestId(exchange)));
        } catch (IllegalArgumentException refused) {
            throw ApiProblem.of(422, "INVALID_INPUT", refused.getMessage());
        }
    }

    private void feedback(Exchange exchange) throws Exception {
        JsonBody body = JsonBody.of(exchange);
        String reportRef = body.text("reportRef", false, 200);
        String suggestedCategory = body.text("suggestedCategory", true, 40);
        String suggestedSeverity = body.text("suggestedSeverity", true, 20);
        String finalCategory = body.text("finalCategory", true, 40);
        String verdict = body.text("verdict", true, 20);
        String finalAction = body.text("finalAction", true, TriageFeedback.MAX_FINAL_ACTION);
        String modelVersion = body.text("modelVersion", true, 80);
        body.check();
        TriageFeedback feedback;
        try {
            feedback = new TriageFeedback(suggestedCategory, finalCategory, verdict, finalAction);
            if (!TriageRules.SEVERITIES.contains(suggestedSeverity)) {
                throw new IllegalArgumentException("suggestedSeverity must be one of " + TriageRules.SEVERITIES);
            }
        } catch (IllegalArgumentException refused) {
            throw ApiProblem.of(422, "INVALID_INPUT", refused.getMessage());
        }
        desk.feedback(actor(exchange), reportRef, feedback, suggestedSeverity, modelVersion, requestId(exchange));
        respond(exchange, 201, Map.of("recorded", true));
    }
}
