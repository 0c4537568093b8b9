package studio.brain.devices.homeassistant;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Real-shaped {@code GET /api/states} answers under {@code src/test/resources/devices/homeassistant/}. */
public final class HomeAssistantStates {
    private HomeAssistantStates() {
    }

    public static String load(String name) {
        String resource = "/devices/homeassistant/" + name;
        try (InputStream in = HomeAssistantStates.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The studio's vacuums in {@code states.json}, as an allowlist names them. */
    public static final String ALLOWLIST = "vacuum.throwing_room, vacuum.glaze_room, vacuum.wheel_room,"
            + " vacuum.shipping_room, vacuum.office";
}
