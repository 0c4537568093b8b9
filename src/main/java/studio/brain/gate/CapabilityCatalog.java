package studio.brain.gate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/** What the gate needs from the capability registry: a capability's rules and a check of an action's input. */
public interface CapabilityCatalog {
    Optional<CapabilityRules> rules(String capabilityId);

    /** Problems with the input against the capability's action schema, each naming its field; empty when valid. */
    List<String> validateInput(String capabilityId, JsonNode input);
}
