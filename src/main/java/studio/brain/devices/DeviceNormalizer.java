package studio.brain.devices;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Turns one answer of a connector's system into device states: the Java half of a connector, bound by name so a
 * route can name it. A body that is not what the system documents is a {@link ConnectorFailure} of kind
 * {@link ErrorKind#BAD_RESPONSE} (or a Jackson exception, which the classifier maps the same way).
 */
public interface DeviceNormalizer {

    /**
     * @param options what the route passed along for this normalizer (the {@code connectorOptions} property);
     *                empty for normalizers that need nothing
     */
    List<DeviceState> normalize(String connector, String body, Instant readAt, Map<String, String> options);
}
