package studio.brain.devices;

import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of one connector call, as the contract requires every connector to report it.
 *
 * @param requestId  the id the call carried (also sent to the system where its protocol allows)
 * @param inputHash  content hash of what was asked (the request, without credentials)
 * @param outputHash content hash of what came back (the normalized devices), or null when nothing did
 * @param error      null when ok
 */
public record ConnectorHealth(String connector, String connectorVersion, boolean ok, Availability availability,
                              long latencyMs, String requestId, String inputHash, String outputHash,
                              Instant checkedAt, ErrorKind error, String errorMessage) {
    public ConnectorHealth {
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(availability, "availability");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(checkedAt, "checkedAt");
    }
}
