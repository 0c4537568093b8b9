package studio.brain.devices;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the hub knows about a connector before it runs: its name on the board, how staff see it, whether its
 * settings are present, when it counts as down and its devices as stale, and which route polls it (for the breaker
 * state and the "running" state).
 *
 * @param mode       {@code read-only} for every connector until the write pilots
 * @param downAfter  no successful call for this long: availability {@code down}
 * @param staleAfter a device unheard for this long is {@code stale}
 * @param routeIds   the routes that carry the connector (the first is the one with the circuit breaker)
 * @param configKeys the settings that turn it on, named when it is not configured
 */
public record ConnectorDescriptor(String name, String title, String version, String mode, boolean configured,
                                  Duration downAfter, Duration staleAfter, List<String> routeIds,
                                  List<String> configKeys) {
    public static final String READ_ONLY = "read-only";

    public ConnectorDescriptor {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z][a-z0-9-]{0,40}")) {
            throw new IllegalArgumentException("a connector name is lower-case letters, digits and '-', got '" + name + "'");
        }
        Objects.requireNonNull(downAfter, "downAfter");
        Objects.requireNonNull(staleAfter, "staleAfter");
        routeIds = routeIds == null ? List.of() : List.copyOf(routeIds);
        configKeys = configKeys == null ? List.of() : List.copyOf(configKeys);
        mode = mode == null ? READ_ONLY : mode;
    }

    public boolean readOnly() {
        return READ_ONLY.equals(mode);
    }
}
