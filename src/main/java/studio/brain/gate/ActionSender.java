package studio.brain.gate;

/**
 * Sends an approved action to the system it changes (an action Kamelet through Camel in the hub). Gets the
 * proposal's input, the capability and the idempotency key the receiving side must honour; returns the output to
 * hash into the record (see {@link ActionOutcome} for the fields an action may report).
 */
@FunctionalInterface
public interface ActionSender {
    Object send(Execution execution) throws Exception;

    /**
     * What is being executed, exactly as approved.
     *
     * @param approvalId the approval's id (its grant's id)
     * @param approvedBy the staff member who approved it
     */
    record Execution(java.util.UUID proposalId, String capabilityId, String tenantId, String target,
                     com.fasterxml.jackson.databind.JsonNode input, String idempotencyKey, String grant,
                     String approvalId, String approvedBy) {
    }
}
