package studio.brain.web.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.direct.DirectConsumerNotAvailableException;

/**
 * {@code POST /api/finance/reconciliation/runs} (staff): runs the finance reconciliation route now and answers the
 * gate's outcome for each flag (a new {@code finance.flag} proposal, or a duplicate of one already waiting).
 */
public final class FinanceApi extends ApiRoutes {
    static final String RUN = "direct:finance-reconciliation-run";
    private ProducerTemplate template;

    FinanceApi(ApiAuthentication authentication) {
        super(authentication);
    }

    @Override
    public void configure() {
        handleApiErrors();
        endpoint("POST", "/api/finance/reconciliation/runs", Access.STAFF, "api-finance-reconcile").process(this::run);
    }

    private void run(Exchange exchange) throws Exception {
        Object outcomes;
        try {
            outcomes = template().requestBodyAndHeader(RUN, null, "financeRunReason", "on demand by "
                    + actor(exchange).id());
        } catch (CamelExecutionException e) {
            if (e.getCause() instanceof DirectConsumerNotAvailableException) {
                throw ApiProblem.of(503, ApiProblem.UNAVAILABLE, "the finance-reconciliation route is not running: "
                        + "check routes/finance-reconciliation.camel.yaml in GET /readyz");
            }
            throw e;
        }
        List<?> list = outcomes instanceof List<?> l ? l : List.of();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("flags", list.size());
        answer.put("outcomes", list);
        respond(exchange, 201, answer);
    }

    private synchronized ProducerTemplate template() {
        if (template == null) {
            template = getContext().createProducerTemplate();
        }
        return template;
    }
}
