package studio.brain.jobs;

import java.time.Instant;
import java.util.UUID;

/** One scheduled run of a route, from its begin event to its terminal one. */
public record JobRun(UUID id, String routeId, Instant scheduledFor, Instant startedAt) {
}
