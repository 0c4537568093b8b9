package studio.brain.web.api;

import org.apache.camel.Exchange;
import studio.brain.scorecard.Scorecard;

/**
 * The KPI scorecard for staff: {@code GET /api/scorecard}, the latest scheduled result (or one computed now, which
 * records nothing, before the first run) with every indicator's value, status and thresholds. When the scorecard's
 * policy file was refused the scorecard is off and this answers 503; {@code /readyz} names the file.
 */
public final class ScorecardApi extends ApiRoutes {
    private final Scorecard scorecard;

    ScorecardApi(ApiAuthentication authentication, Scorecard scorecard) {
        super(authentication);
        this.scorecard = scorecard;
    }

    @Override
    public void configure() {
        handleApiErrors();
        endpoint("GET", "/api/scorecard", Access.STAFF, "api-scorecard").process(this::read);
    }

    private void read(Exchange exchange) throws Exception {
        if (scorecard == null) {
            throw ApiProblem.of(503, ApiProblem.UNAVAILABLE, "the scorecard is off: policies/scorecard.yaml was "
                    + "refused; GET /readyz names the problem");
        }
        respond(exchange, 200, scorecard.current().toJson());
    }
}
