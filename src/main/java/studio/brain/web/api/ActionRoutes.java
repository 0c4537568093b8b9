package studio.brain.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.support.EndpointHelper;
import studio.brain.gate.ActionSender;
import studio.brain.gate.guard.GrantGuard;
import studio.brain.gate.guard.RouteGuard;
import studio.brain.hash.CanonicalJson;

/**
 * Where an approved action goes: the route {@code direct:execute-<capability id, dots as dashes>}, the only kind of
 * route the route guard lets write. The execution service calls {@link #sender()} after it has re-checked policy and
 * spent the grant; the route gets the approved input as its body (JSON), the proposal, capability, tenant and target
 * as headers, the grant's idempotency key as {@code Idempotency-Key} (the receiving side must honour it), and the
 * grant itself as an exchange property — not a header, which an HTTP endpoint would pass on to the outside.
 */
final class ActionRoutes {
    static final String PREFIX = RouteGuard.EXECUTION_PREFIX;
    static final String PROPOSAL_HEADER = "StudioBrainProposalId";
    static final String CAPABILITY_HEADER = "StudioBrainCapability";
    static final String TENANT_HEADER = "StudioBrainTenant";
    static final String TARGET_HEADER = "StudioBrainTarget";
    static final String GRANT_PROPERTY = GrantGuard.GRANT_PROPERTY;

    private final CamelContext camel;
    private final ProducerTemplate producer;

    ActionRoutes(CamelContext camel) {
        this.camel = camel;
        this.producer = camel.createProducerTemplate();
    }

    static String endpointOf(String capabilityId) {
        return PREFIX + capabilityId.replace('.', '-');
    }

    /** Whether a route consumes from this capability's action endpoint right now. */
    boolean exists(String capabilityId) {
        String uri = endpointOf(capabilityId);
        for (Route route : camel.getRoutes()) {
            if (EndpointHelper.matchEndpoint(camel, route.getEndpoint().getEndpointUri(), uri)) {
                return true;
            }
        }
        return false;
    }

    ActionSender sender() {
        return this::send;
    }

    private Object send(ActionSender.Execution execution) throws Exception {
        Exchange result = producer.send(endpointOf(execution.capabilityId()), exchange -> {
            exchange.getIn().setBody(CanonicalJson.of(new CanonicalJson.Json(execution.input().toString())));
            exchange.getIn().setHeader(PROPOSAL_HEADER, execution.proposalId().toString());
            exchange.getIn().setHeader(CAPABILITY_HEADER, execution.capabilityId());
            exchange.getIn().setHeader(TENANT_HEADER, execution.tenantId());
            exchange.getIn().setHeader(TARGET_HEADER, execution.target());
            exchange.getIn().setHeader(IdempotentAnswers.HEADER, execution.idempotencyKey());
            exchange.setProperty(GRANT_PROPERTY, execution.grant());
        });
        if (result.getException() != null) {
            throw result.getException();
        }
        return output(result.getMessage().getBody(String.class));
    }

    /** The route's answer, to be hashed into the record: JSON when it is JSON, else its text. */
    private static JsonNode output(String body) {
        if (body == null) {
            return null;
        }
        try {
            return CanonicalJson.mapper().readTree(body);
        } catch (Exception notJson) {
            return TextNode.valueOf(body);
        }
    }
}
