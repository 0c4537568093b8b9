package studio.brain.web.cockpit;

import org.apache.camel.CamelContext;
import studio.brain.ledger.Ledger;
import studio.brain.web.api.RestApi;

/**
 * The staff cockpit: its page and files at {@code /dashboard}, and the sign-in session endpoints the page uses. The
 * page talks only to the JSON API, with the session cookie and CSRF token that {@code /api/session} hands out.
 */
public final class Cockpit {
    private Cockpit() {
    }

    /** Adds the cockpit's routes to the hub; the API (and so its authentication step) must be wired first. */
    public static void install(CamelContext camel, RestApi api, String tenantId) throws Exception {
        Ledger ledger = camel.getRegistry().lookupByNameAndType("ledger", Ledger.class);
        if (ledger == null) {
            throw new IllegalStateException("the cockpit needs the hub's ledger, which is not bound");
        }
        camel.addRoutes(new SessionApi(api.authentication(), ledger, tenantId));
        camel.addRoutes(new DashboardRoutes());
    }
}
