package studio.brain.devices.homeassistant;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import studio.brain.devices.DeviceNormalizer;
import studio.brain.devices.DeviceState;

/**
 * The Home Assistant route's normalizer (bound as {@code homeAssistantNormalizer}): one {@code /api/states} answer
 * into the allowlisted vacuums, kept as the latest good reading. A refused answer leaves the previous reading.
 */
public final class HomeAssistantNormalizer implements DeviceNormalizer {
    private final HomeAssistantVacuums vacuums;

    public HomeAssistantNormalizer(HomeAssistantVacuums vacuums) {
        this.vacuums = vacuums;
    }

    @Override
    public List<DeviceState> normalize(String connector, String body, Instant readAt, Map<String, String> options) {
        return vacuums.accept(body);
    }
}
