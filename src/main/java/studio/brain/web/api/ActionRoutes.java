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
    static final String APPROVAL_HEADER = "StudioBrainApprovalId";
    static final String APPROVER_HEADER = "StudioBrainApprovedBy";
    static final String GRANT_PROPERTY = GrantGuard.GRANT_PROPERTY;

    private final CamelContext camel;
    private final ProducerTemplate producer;

    ActionRoutes(CamelContext camel) {
        this.camel = camel;
        this.producer = camel.createProducerTemplate();
    }

    static final String DRY_RUN_PREFIX = "direct:dry-run-";

    static String endpointOf(String capabilityId) {
        return PREFIX + capabilityId.replace('.', '-');
    }

    static String dryRunEndpointOf(String capabilityId) {
        return DRY_RUN_PREFIX + capabilityId.replace('.', '-');
    }

    boolean dryRunExists(String capabilityId) {
        return running(dryRunEndpointOf(capabilityId));
    }

    /**
     * Asks the capability's dry-run route what the action would do: it gets the same body and headers as the action
     * route, but no grant, so nothing it reaches can write.
     */
    JsonNode dryRun(String capabilityId, java.util.UUID proposalId, JsonNode input) throws Exception {
        Exchange result = producer.send(dryRunEndpointOf(capabilityId), exchange -> {
            exchange.getIn().setBody(CanonicalJson.of(new CanonicalJson.Json(input.toString())));
            exchange.getIn().setHeader(PROPOSAL_HEADER, proposalId.toString());
            exchange.getIn().setHeader(CAPABILITY_HEADER, capabilityId);
        });
        if (result.getException() != null) {
            throw result.getException();
        }
        JsonNode preview = output(result.getMessage().getBody(String.class));
        return preview == null ? CanonicalJson.mapper().createObjectNode() : preview;
    }

    /** Whether a route consumes from this capability's action endpoint right now. */
    boolean exists(String capabilityId) {
        return running(endpointOf(capabilityId));
    }

    /** A route consumes from the URI and is started (a pilot's routes are loaded but stay stopped when it is off). */
    private boolean running(String uri) {
        for (Route route : camel.getRoutes()) {
            if (EndpointHelper.matchEndpoint(camel, route.getEndpoint().getEndpointUri(), uri)) {
                org.apache.camel.ServiceStatus status = camel.getRouteController().getRouteStatus(route.getId());
                return status != null && status.isStarted();
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
            exchange.getIn().setHeader(APPROVAL_HEADER, execution.approvalId());
            exchange.getIn().setHeader(APPROVER_HEADER, execution.approvedBy());
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
