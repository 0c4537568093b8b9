package studio.brain.web.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import studio.brain.devices.ConnectorBoard;
import studio.brain.devices.hubitat.HubitatEventRejected;
import studio.brain.devices.hubitat.HubitatEvents;

/**
 * The device connectors over HTTP: {@code GET /api/connectors} (staff) lists every connector on the board with its
 * mode, state, availability, breaker, last success and error, and its devices with their alerts
 * (docs/connectors.md); {@code POST /api/hubitat/events} is where the Maker API pushes device events, checked
 * against the shared secret given as the last path segment or the {@code X-Hubitat-Secret} header.
 */
public final class ConnectorsApi extends ApiRoutes {
    static final String SECRET_HEADER = "X-Hubitat-Secret";
    private final ConnectorBoard board;
    private final HubitatEvents events;
    private final String tenantId;

    ConnectorsApi(ApiAuthentication authentication, ConnectorBoard board, HubitatEvents events, String tenantId) {
        super(authentication);
        this.board = board;
        this.events = events;
        this.tenantId = tenantId;
    }

    @Override
    public void configure() {
        handleApiErrors();
        onException(HubitatEventRejected.class).handled(true).process(e -> {
            HubitatEventRejected refused = e.getProperty(Exchange.EXCEPTION_CAUGHT, HubitatEventRejected.class);
            ApiProblem.of(refused.status(), refused.code(), refused.getMessage()).respond(e);
        });
        endpoint("GET", "/api/connectors", Access.STAFF, "api-connectors").process(this::list);
        // The Maker API cannot add headers to its posts, so the secret may ride in the path; either is accepted.
        from("platform-http:/api/hubitat/events?httpMethodRestrict=POST").routeId("hubitat-events")
                .process(e -> receive(e, e.getIn().getHeader(SECRET_HEADER, String.class)));
        from("platform-http:/api/hubitat/events/{secret}?httpMethodRestrict=POST").routeId("hubitat-events-path")
                .process(e -> receive(e, e.getIn().getHeader("secret", String.class)));
    }

    private void list(Exchange exchange) throws Exception {
        board.evaluate();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("tenantId", tenantId);
        answer.put("connectors", board.views());
        respond(exchange, 200, answer);
    }

    private void receive(Exchange exchange, String secret) throws Exception {
        exchange.getIn().removeHeader("secret");
        exchange.getIn().removeHeader(SECRET_HEADER);
        respond(exchange, 202, events.receive(secret, exchange.getIn().getBody(String.class)));
    }
}
