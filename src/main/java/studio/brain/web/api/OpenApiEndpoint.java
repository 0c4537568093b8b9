package studio.brain.web.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code GET /api/openapi.json}: the API's description, for staff and for agents (which read it to learn how to
 * propose). Built once; it describes code, which does not change while the hub runs.
 */
public final class OpenApiEndpoint extends ApiRoutes {
    private final ObjectNode document;

    OpenApiEndpoint(ApiAuthentication authentication) {
        super(authentication);
        String version = OpenApiEndpoint.class.getPackage().getImplementationVersion();
        this.document = OpenApiDocument.build(version == null ? "development" : version);
    }

    @Override
    public void configure() {
        handleApiErrors();
        endpoint("GET", "/api/openapi.json", Access.STAFF_OR_AGENT, "api-openapi")
                .process(exchange -> respond(exchange, 200, document));
    }
}
