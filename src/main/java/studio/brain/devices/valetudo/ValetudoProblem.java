package studio.brain.devices.valetudo;

import java.time.Instant;
import java.util.Objects;
import studio.brain.devices.ConnectorFailure;
import studio.brain.devices.ErrorKind;

/**
 * A message from a robot that did not match Valetudo's documented topic tree or value types. It is kept (and the
 * previous good value with it) until a good value arrives on the same topic.
 */
public record ValetudoProblem(String robotId, String topic, ErrorKind kind, String message, Instant at) {
    public ValetudoProblem {
        Objects.requireNonNull(robotId, "robotId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(at, "at");
    }

    public ConnectorFailure toFailure() {
        return new ConnectorFailure(ValetudoRobots.CONNECTOR, kind, "robot " + robotId + ": " + message);
    }
}
