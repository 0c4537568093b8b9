package studio.brain.gate.capability;

import static org.assertj.core.api.Assertions.assertThat;
import static studio.brain.gate.capability.CapabilityRegistryLoaderTest.SCHEMA;
import static studio.brain.gate.capability.CapabilityRegistryLoaderTest.VALID;
import static studio.brain.gate.capability.CapabilityRegistryLoaderTest.lineOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.testing.CapturedOutput;

/** A bad edit never replaces the registry in force; a good one does. */
class ReloadableCapabilitiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aBadEditKeepsThePreviousRegistryAndAGoodOneIsTaken() throws Exception {
        Path file = Files.writeString(dir.resolve("capabilities.yaml"), VALID);
        ReloadableCapabilities capabilities = new ReloadableCapabilities(file, SCHEMA);
        CapabilityRegistry first = capabilities.current();
        assertThat(first.find("roborock.vacuum.start")).isPresent();

        String bad = VALID.replace("risk: high", "risk: extreme");
        Files.writeString(file, bad);
        List<PolicyProblem> problems = capabilities.reload();
        assertThat(problems).singleElement()
                .satisfies(p -> assertThat(p.line()).isEqualTo(lineOf(bad, "risk: extreme")));
        assertThat(capabilities.current()).isSameAs(first);
        assertThat(capabilities.problems()).isEqualTo(problems);

        String good = VALID.replace("title: Start a vacuum", "title: Start a cleaning run");
        Files.writeString(file, good);
        assertThat(capabilities.reload()).isEmpty();
        assertThat(capabilities.problems()).isEmpty();
        assertThat(capabilities.current().find("roborock.vacuum.start").orElseThrow().title())
                .isEqualTo("Start a cleaning run");
        assertThat(capabilities.current().hash()).isNotEqualTo(first.hash());
    }

    @Test
    void aBadFileAtStartLeavesAnEmptyRegistrySoEverythingIsDenied() throws Exception {
        Path file = Files.writeString(dir.resolve("capabilities.yaml"), "version: \"3.0\"\ncapabilities: [\n");
        ReloadableCapabilities capabilities = new ReloadableCapabilities(file, SCHEMA);
        assertThat(capabilities.current().all()).isEmpty();
        assertThat(capabilities.current().version()).isEqualTo(CapabilityRegistry.NO_VERSION);
        assertThat(capabilities.current().find("roborock.vacuum.start")).isEmpty();
        assertThat(capabilities.problems()).isNotEmpty();
    }

    @Test
    void loadsAndRefusalsAreLoggedWithFileLineAndReason() throws Exception {
        Path file = Files.writeString(dir.resolve("capabilities.yaml"), VALID);
        List<JsonNode> events;
        try (CapturedOutput out = new CapturedOutput()) {
            ReloadableCapabilities capabilities = new ReloadableCapabilities(file, SCHEMA);
            Files.writeString(file, VALID.replace("owner: facilities", "owner: facilities\n    colour: blue"));
            capabilities.reload();
            events = events(out.text());
        }
        assertThat(events).anySatisfy(e -> {
            assertThat(e.path("event").asText()).isEqualTo("capabilities.loaded");
            assertThat(e.path("version").asText()).isEqualTo("3.0");
            assertThat(e.path("count").asInt()).isEqualTo(2);
        });
        assertThat(events).anySatisfy(e -> {
            assertThat(e.path("event").asText()).isEqualTo("capabilities.refused");
            assertThat(e.path("file").asText()).isEqualTo(file.toString());
            assertThat(e.path("line").asInt()).isGreaterThan(1);
            assertThat(e.path("reason").asText()).contains("colour");
            assertThat(e.path("keptVersion").asText()).isEqualTo("3.0");
        });
    }

    private static List<JsonNode> events(String text) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("{")) {
                events.add(JSON.readTree(line));
            }
        }
        return events;
    }
}
