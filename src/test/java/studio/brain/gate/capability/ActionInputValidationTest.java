package studio.brain.gate.capability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An action's input is checked against its capability's action schema, and every error names its field. */
class ActionInputValidationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static CapabilityRegistry registry;

    @BeforeAll
    static void load() throws PolicyFileException {
        registry = CapabilityRegistryLoader.load(RepositoryCapabilitiesTest.FILE);
    }

    @Test
    void aGoodOpsNoteIsAccepted() throws Exception {
        assertThat(registry.validateInput("firestore.ops_note.append",
                json("{\"text\":\"Kiln 2 shelf cracked; moved to kiln 3\",\"proposalRef\":\"p-123\"}"))).isEmpty();
        assertThat(registry.validateInput("firestore.ops_note.append", json("{\"text\":\"x\"}"))).isEmpty();
    }

    @Test
    void aMissingTextIsNamed() throws Exception {
        assertThat(registry.validateInput("firestore.ops_note.append", json("{\"proposalRef\":\"p-1\"}")))
                .singleElement()
                .satisfies(error -> {
                    assertThat(error.field()).isEqualTo("/text");
                    assertThat(error.message()).contains("required");
                });
    }

    @Test
    void aTooLongTextIsNamed() {
        JsonNode input = JSON.createObjectNode().put("text", "a".repeat(2001));
        assertThat(registry.validateInput("firestore.ops_note.append", input)).singleElement()
                .satisfies(error -> {
                    assertThat(error.field()).isEqualTo("/text");
                    assertThat(error.message()).contains("at most 2,000 characters");
                });
        assertThat(registry.validateInput("firestore.ops_note.append",
                JSON.createObjectNode().put("text", "a".repeat(2000)))).isEmpty();
    }

    @Test
    void anUnknownCommandIsNamed() throws Exception {
        assertThat(registry.validateInput("hubitat.device.command", json("{\"deviceId\":\"42\",\"command\":\"dim\"}")))
                .singleElement()
                .satisfies(error -> {
                    assertThat(error.field()).isEqualTo("/command");
                    assertThat(error.message()).contains("enumeration");
                });
        assertThat(registry.validateInput("hubitat.device.command", json("{\"deviceId\":\"42\",\"command\":\"off\"}")))
                .isEmpty();
    }

    @Test
    void anUnexpectedFieldIsNamed() throws Exception {
        JsonNode input = json("{\"text\":\"x\",\"collection\":\"members\"}");
        assertThat(registry.validateInput("firestore.ops_note.append", input))
                .extracting(FieldError::field).containsExactly("/collection");
    }

    @Test
    void anInputThatIsNotAnObjectIsRefusedAsAWhole() throws Exception {
        assertThat(registry.validateInput("firestore.ops_note.append", null)).singleElement()
                .satisfies(error -> assertThat(error.field()).isEmpty());
        assertThat(registry.validateInput("firestore.ops_note.append", json("[\"text\"]"))).isNotEmpty();
    }

    @Test
    void aReadWithoutAnActionSchemaTakesAnyInput() throws Exception {
        assertThat(registry.validateInput("stripe.payments.read", json("{\"limit\":10}"))).isEmpty();
    }

    @Test
    void anUnknownCapabilityIsAnErrorNamingIt() {
        assertThatThrownBy(() -> registry.validateInput("firestore.members.delete", JSON.createObjectNode()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("firestore.members.delete");
    }

    @Test
    void aCapabilitysSchemaCannotBeChangedFromOutside() {
        Capability note = registry.find("firestore.ops_note.append").orElseThrow();
        ((ObjectNode) note.actionSchema().orElseThrow()).put("type", "string");
        assertThat(note.actionSchema().orElseThrow().path("type").asText()).isEqualTo("object");
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
