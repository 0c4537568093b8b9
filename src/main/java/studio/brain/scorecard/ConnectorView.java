package studio.brain.scorecard;

import studio.brain.devices.Availability;

/**
 * What the scorecard needs of one connector on the connector board: its name, whether the studio configured it (an
 * unconfigured connector is not counted) and its availability.
 */
public record ConnectorView(String name, boolean configured, Availability availability) {
}
