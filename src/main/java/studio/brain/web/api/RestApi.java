package studio.brain.web.api;

import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import studio.brain.config.HubConfig;
import studio.brain.assist.anomaly.OpsScan;
import studio.brain.gate.DryRuns;
import studio.brain.devices.ConnectorBoard;
import studio.brain.devices.hubitat.HubitatEvents;
import studio.brain.gate.ExecutionService;
import studio.brain.gate.ProposalRollbacks;
import studio.brain.gate.PolicyControls;
import studio.brain.gate.ProposalDecisions;
import studio.brain.gate.ProposalGate;
import studio.brain.gate.auth.Authenticator;
import studio.brain.gate.auth.DelegationService;
import studio.brain.gate.capability.ReloadableCapabilities;
import studio.brain.idempotency.IdempotencyStore;
import studio.brain.intake.IntakeService;
import studio.brain.intake.TriageDesk;
import studio.brain.ledger.Ledger;
import studio.brain.state.StudioStateService;

/**
 * The {@code /api/} assembled from the beans the hub bound (by the names {@code Hub.wireGate} gives them): one
 * authentication step shared by every endpoint, including the audit endpoints, and a route builder per area.
 */
public final class RestApi {
    private final ApiAuthentication authentication;
    private final List<RouteBuilder> routes;

    private RestApi(ApiAuthentication authentication, List<RouteBuilder> routes) {
        this.authentication = authentication;
        this.routes = routes;
    }

    public static RestApi wire(CamelContext camel, HubConfig config, Supplier<DataSource> dataSource, Clock clock) {
        String tenant = config.tenantId();
        Ledger ledger = bean(camel, "ledger", Ledger.class);
        ReloadableCapabilities capabilities = bean(camel, "capabilities", ReloadableCapabilities.class);
        ApiAuthentication authentication = new ApiAuthentication(bean(camel, "authenticator", Authenticator.class),
                SignInThrottle.defaults(clock), ledger, tenant, new StaffSessions(clock));
        IdempotentAnswers idempotency = new IdempotentAnswers(new IdempotencyStore(dataSource, clock,
                IdempotentAnswers.scopes()), ledger, tenant);
        List<RouteBuilder> routes = new java.util.ArrayList<>(List.of(
                new CapabilitiesApi(authentication, capabilities),
                new ProposalsApi(authentication, bean(camel, "policyGate", ProposalGate.class), capabilities,
                        idempotency, ledger, dataSource, tenant, clock),
                new ProposalDecisionsApi(authentication, bean(camel, "proposalDecisions", ProposalDecisions.class),
                        bean(camel, "executionService", ExecutionService.class), new ActionRoutes(camel),
                        bean(camel, "dryRuns", DryRuns.class), bean(camel, "proposalRollbacks", ProposalRollbacks.class),
                        ledger,
                        dataSource, tenant),
                new PolicyApi(authentication, bean(camel, "policyControls", PolicyControls.class), dataSource, tenant,
                        clock),
                new DelegationsApi(authentication, bean(camel, "delegations", DelegationService.class), tenant, clock),
                new StudioStateApi(authentication, camel.getRegistry().lookupByNameAndType("studioState",
                        StudioStateService.class), dataSource, tenant, clock),
                new FinanceApi(authentication),
                new DraftsApi(authentication, bean(camel, "policyGate", ProposalGate.class),
                        bean(camel, "proposalDecisions", ProposalDecisions.class),
                        camel.getRegistry().lookupByNameAndType("opsScan", OpsScan.class), capabilities, ledger,
                        dataSource, tenant, clock),
                new ScorecardApi(authentication, camel.getRegistry().lookupByNameAndType("scorecard",
                        studio.brain.scorecard.Scorecard.class)),
                new OpenApiEndpoint(authentication)));
        // Off (and named in /readyz) when their rule files were refused.
        IntakeService intake = camel.getRegistry().lookupByNameAndType("intakeService", IntakeService.class);
        if (intake != null) {
            routes.add(new IntakeApi(authentication, intake));
        }
        TriageDesk triage = camel.getRegistry().lookupByNameAndType("triageDesk", TriageDesk.class);
        if (triage != null) {
            routes.add(new TriageApi(authentication, triage));
        }
        ConnectorBoard board = camel.getRegistry().lookupByNameAndType("connectorBoard", ConnectorBoard.class);
        if (board != null) {
            routes.add(new ConnectorsApi(authentication, board, bean(camel, "hubitatEvents", HubitatEvents.class),
                    tenant));
        }
        return new RestApi(authentication, routes);
    }

    /** The one authentication step (and its throttle and cockpit sessions), for routes outside this package. */
    public ApiAuthentication authentication() {
        return authentication;
    }

    /** The authentication step admitting staff only, for the audit endpoints (which live with the ledger). */
    public Processor staffOnly() {
        return authentication.require(Access.STAFF);
    }

    public List<RouteBuilder> routes() {
        return routes;
    }

    private static <T> T bean(CamelContext camel, String name, Class<T> type) {
        T bean = camel.getRegistry().lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("the API needs the bean '" + name + "' (" + type.getSimpleName()
                    + "), which the hub did not bind");
        }
        return bean;
    }
}
