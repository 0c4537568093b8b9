package studio.brain.web.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import studio.brain.gate.capability.CapabilityRegistry;
import studio.brain.gate.capability.ReloadableCapabilities;

/**
 * {@code GET /api/capabilities}: the registry in force — its version, its hash (the one a decision's audit record
 * names) and every capability as {@code capabilities.yaml} declares it — and, when the file on disk was refused, why.
 */
public final class CapabilitiesApi extends ApiRoutes {
    private final ReloadableCapabilities capabilities;

    CapabilitiesApi(ApiAuthentication authentication, ReloadableCapabilities capabilities) {
        super(authentication);
        this.capabilities = capabilities;
    }

    @Override
    public void configure() {
        handleApiErrors();
        endpoint("GET", "/api/capabilities", Access.STAFF, "api-capabilities").process(this::list);
    }

    private void list(Exchange exchange) throws Exception {
        CapabilityRegistry registry = capabilities.current();
        ObjectNode answer = registry.toJson();
        answer.put("hash", registry.hash());
        // Empty while the file on disk is the one in force; else why it was refused (the previous version stays).
        ArrayNode refused = answer.putArray("refused");
        capabilities.problems().forEach(p -> {
            ObjectNode problem = refused.addObject();
            problem.put("file", p.file().getFileName().toString());
            if (p.line() == null) {
                problem.putNull("line");
            } else {
                problem.put("line", p.line());
            }
            problem.put("reason", p.reason());
        });
        respond(exchange, 200, answer);
    }
}
