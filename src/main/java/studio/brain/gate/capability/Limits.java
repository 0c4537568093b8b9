package studio.brain.gate.capability;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How often a capability may be used: per actor (one agent or person), per owner (everything acting for one human,
 * agents included), per capability (everyone together) and per tenant (the whole studio), each over its own window;
 * and a cooldown, the least time between two uses. Each part is optional; {@link #NONE} has none of them.
 */
public record Limits(Optional<RateLimit> perActor, Optional<RateLimit> perOwner, Optional<RateLimit> perCapability,
                     Optional<RateLimit> perTenant, Optional<Duration> cooldown) {

    public static final Limits NONE =
            new Limits(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public Limits {
        Objects.requireNonNull(perActor, "perActor");
        Objects.requireNonNull(perOwner, "perOwner");
        Objects.requireNonNull(perCapability, "perCapability");
        Objects.requireNonNull(perTenant, "perTenant");
        Objects.requireNonNull(cooldown, "cooldown");
    }

    public boolean isEmpty() {
        return equals(NONE);
    }
}
