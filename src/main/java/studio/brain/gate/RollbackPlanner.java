package studio.brain.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How to undo one capability's executed action, as a new proposal: which capability, and with what input. The gate
 * adds {@code rollbackOf} to the input; the new proposal is approved and executed like any other.
 */
@FunctionalInterface
public interface RollbackPlanner {
    Plan plan(Executed original);

    /** What was executed: the approved input, the target and where the effect lives. */
    record Executed(java.util.UUID proposalId, String capabilityId, String target, JsonNode input, String resource) {
    }

    record Plan(String capabilityId, String target, ObjectNode input, String preview) {
    }
}
