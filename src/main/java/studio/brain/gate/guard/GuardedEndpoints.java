package studio.brain.gate.guard;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.EndpointStrategy;
import org.apache.camel.support.DefaultInterceptSendToEndpoint;

/**
 * Puts the {@link GrantGuard} in front of every endpoint that can write, whoever sends to it — a route, a Kamelet,
 * a producer template — so that a send without a live grant never reaches the system it would change.
 */
public final class GuardedEndpoints implements EndpointStrategy {
    private final WriteEndpoints writeEndpoints;
    private final GrantGuard guard;

    public GuardedEndpoints(WriteEndpoints writeEndpoints, GrantGuard guard) {
        this.writeEndpoints = writeEndpoints;
        this.guard = guard;
    }

    @Override
    public Endpoint registerEndpoint(String uri, Endpoint endpoint) {
        if (endpoint instanceof DefaultInterceptSendToEndpoint || writeEndpoints.writes(uri).isEmpty()) {
            return endpoint;
        }
        DefaultInterceptSendToEndpoint guarded = new DefaultInterceptSendToEndpoint(endpoint, false);
        guarded.setBefore(guard);
        return guarded;
    }
}
