package studio.brain.web.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * {@code POST /api/finance/reconciliation/runs} (staff): runs the finance reconciliation route now and answers the
 * gate's outcome for each flag (a new {@code finance.flag} proposal, or a duplicate of one already waiting).
 */
public final class FinanceApi extends ApiRoutes {
    static final String RUN = "direct:finance-reconciliation-run";

    FinanceApi(ApiAuthentication authentication) {
        super(authentication);
    }

    @Override
    public void configure() {
        handleApiErrors();
        endpoint("POST", "/api/finance/reconciliation/runs", Access.STAFF, "api-finance-reconcile").process(this::run);
    }

    private void run(Exchange exchange) throws Exception {
        Object outcomes = requestRoute(RUN, Map.of("financeRunReason", "on demand by " + actor(exchange).id()),
                "routes/finance-reconciliation.camel.yaml");
        List<?> list = outcomes instanceof List<?> l ? l : List.of();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("flags", list.size());
        answer.put("outcomes", list);
        respond(exchange, 201, answer);
    }
}
