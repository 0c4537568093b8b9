package studio.brain.gate.capability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each way a capabilities file can be wrong is refused, naming the file, the line to look at and why. */
class CapabilityRegistryLoaderTest {
    static final Path SCHEMA = Path.of("policies/schema/capabilities.schema.json");

    /** A small valid registry; each test breaks one line of it. */
    static final String VALID = """
            version: "3.0"
            capabilities:
              - id: firestore.ops_note.append
                title: Append an ops note
                target: firestore
                mode: write
                risk: medium
                approval: required
                exemptable: true
                enabled: false
                limits:
                  perActor: { max: 20, window: PT1H }
                  cooldown: PT1M
                owner: studio-ops
                rollback: delete the note with firestore.ops_note.delete
                dryRun: true
                actionSchema:
                  type: object
                  required: [text]
                  properties:
                    text: { type: string, minLength: 1, maxLength: 2000 }
              - id: roborock.vacuum.start
                title: Start a vacuum
                target: roborock
                mode: write
                risk: high
                approval: required
                exemptable: false
                class: mobility
                enabled: false
                owner: facilities
                rollback: send the robot back to its dock
                dryRun: true
                actionSchema:
                  type: object
                  properties:
                    robotId: { type: string }
                allowlist: []
            """;

    @TempDir
    Path dir;

    @Test
    void theValidExampleLoads() throws Exception {
        CapabilityRegistry registry = CapabilityRegistryLoader.load(write(VALID), SCHEMA);
        assertThat(registry.all()).extracting(Capability::id)
                .containsExactly("firestore.ops_note.append", "roborock.vacuum.start");
        assertThat(registry.find("firestore.ops_note.append").orElseThrow().limits().cooldown())
                .contains(java.time.Duration.ofMinutes(1));
    }

    @Test
    void aValueOutsideItsEnumerationIsRefusedAtItsLine() throws Exception {
        String yaml = VALID.replace("risk: high", "risk: extreme");
        refusedAt(yaml, lineOf(yaml, "risk: extreme"), "capability 'roborock.vacuum.start' risk",
                "does not have a value in the enumeration");
    }

    @Test
    void aMissingRollbackIsRefusedAtItsCapability() throws Exception {
        String yaml = VALID.replace("    rollback: send the robot back to its dock\n", "");
        refusedAt(yaml, lineOf(yaml, "- id: roborock.vacuum.start"), "capability 'roborock.vacuum.start'",
                "required property 'rollback' not found");
    }

    @Test
    void aWriteWithoutApprovalIsRefusedAtItsApproval() throws Exception {
        String yaml = VALID.replaceFirst("approval: required", "approval: none")
                .replaceFirst("exemptable: true", "exemptable: false");
        refusedAt(yaml, lineOf(yaml, "approval: none"), "capability 'firestore.ops_note.append' approval",
                "a write capability needs approval: required");
    }

    @Test
    void aWriteWithoutAnActionSchemaIsRefusedAtItsCapability() throws Exception {
        String yaml = VALID.replace("""
                    actionSchema:
                      type: object
                      properties:
                        robotId: { type: string }
                """, "");
        refusedAt(yaml, lineOf(yaml, "- id: roborock.vacuum.start"), "capability 'roborock.vacuum.start'",
                "a write capability needs an actionSchema");
    }

    @Test
    void anExemptableMobilityCapabilityIsRefusedAtItsExemptable() throws Exception {
        String yaml = VALID.replace("exemptable: false\n    class: mobility", "exemptable: true\n    class: mobility");
        refusedAt(yaml, lineOf(yaml, "exemptable: true\n    class: mobility"),
                "capability 'roborock.vacuum.start' exemptable",
                "class 'mobility' can never be exempted from approval");
    }

    @Test
    void anExemptionFromNoApprovalIsRefused() throws Exception {
        String yaml = VALID.replace("mode: write\n    risk: medium\n    approval: required",
                "mode: read\n    risk: medium\n    approval: none");
        refusedAt(yaml, lineOf(yaml, "exemptable: true"), "capability 'firestore.ops_note.append' exemptable",
                "means nothing with approval: none");
    }

    @Test
    void aWriteWithoutARollbackPlanIsRefused() throws Exception {
        String yaml = VALID.replace("rollback: send the robot back to its dock", "rollback: \"none: read-only\"");
        refusedAt(yaml, lineOf(yaml, "rollback: \"none"), "capability 'roborock.vacuum.start' rollback",
                "needs a rollback or compensation plan");
    }

    @Test
    void aBlankOwnerIsRefused() throws Exception {
        String yaml = VALID.replace("owner: facilities", "owner: \"   \"");
        refusedAt(yaml, lineOf(yaml, "owner: \"   \""), "capability 'roborock.vacuum.start' owner");
    }

    @Test
    void aDuplicateIdIsRefusedAtTheSecondAndNamesTheFirst() throws Exception {
        String yaml = VALID.replace("- id: roborock.vacuum.start", "- id: firestore.ops_note.append");
        int first = lineOf(yaml, "- id: firestore.ops_note.append");
        int second = lineAt(yaml, yaml.lastIndexOf("- id: firestore.ops_note.append"));
        refusedAt(yaml, second, "capability 'firestore.ops_note.append' id",
                "the id is declared twice", "(first at line " + first + ")");
    }

    @Test
    void malformedYamlKeepsTheParsersLine() throws Exception {
        String yaml = VALID.replace("mode: write\n    risk: high", "mode: write: twice\n    risk: high");
        refusedAt(yaml, lineOf(yaml, "mode: write: twice"), "not valid YAML", "mapping values are not allowed");
    }

    @Test
    void anUnknownPropertyIsRefusedAtItsKey() throws Exception {
        String yaml = VALID.replace("owner: facilities", "owner: facilities\n    colour: blue");
        refusedAt(yaml, lineOf(yaml, "colour: blue"), "capability 'roborock.vacuum.start'",
                "property 'colour' is not defined");
    }

    @Test
    void aKeyGivenTwiceIsRefusedRatherThanSilentlyOverwritten() throws Exception {
        String yaml = VALID.replace("risk: high", "risk: high\n    risk: low");
        refusedAt(yaml, lineOf(yaml, "risk: low"), "key 'risk' appears twice", "(first at line "
                + lineOf(yaml, "risk: high") + ")");
    }

    @Test
    void aWindowOfZeroIsRefusedAtTheWindow() throws Exception {
        String yaml = VALID.replace("window: PT1H", "window: PT0S");
        refusedAt(yaml, lineOf(yaml, "window: PT0S"), "capability 'firestore.ops_note.append' limits.perActor.window",
                "longer than zero");
    }

    @Test
    void aDurationThatIsNotIso8601IsRefused() throws Exception {
        String yaml = VALID.replace("cooldown: PT1M", "cooldown: 1 minute");
        refusedAt(yaml, lineOf(yaml, "cooldown: 1 minute"), "limits.cooldown", "does not match the regex pattern");
    }

    @Test
    void anActionSchemaReachingOutsideItselfIsRefused() throws Exception {
        String yaml = VALID.replace("robotId: { type: string }",
                "robotId: { $ref: \"https://example.org/robot.json\" }");
        refusedAt(yaml, lineOf(yaml, "robotId: { $ref"), "actionSchema.properties.robotId.$ref",
                "must point inside the actionSchema");
    }

    @Test
    void anActionSchemaThatIsNotAJsonSchemaIsRefusedWhereItBreaks() throws Exception {
        String yaml = VALID.replace("robotId: { type: string }", "robotId: { type: strng }");
        refusedAt(yaml, lineOf(yaml, "robotId: { type: strng }"), "actionSchema.properties.robotId.type");
    }

    @Test
    void aVersionWrittenAsANumberIsRefused() throws Exception {
        String yaml = VALID.replace("version: \"3.0\"", "version: 3.0");
        refusedAt(yaml, 1, "version", "3.0");
    }

    @Test
    void everyProblemOfAFileIsReportedAtOnceInLineOrder() throws Exception {
        String yaml = VALID.replace("risk: high", "risk: extreme").replace("target: firestore", "target: ftp");
        PolicyFileException refused = refusal(yaml);
        assertThat(refused.problems()).extracting(PolicyProblem::line)
                .containsExactly(lineOf(yaml, "target: ftp"), lineOf(yaml, "risk: extreme"));
    }

    @Test
    void anEmptyOrMissingFileIsRefused() throws Exception {
        assertThat(refusal("# nothing here\n").problems()).singleElement()
                .satisfies(p -> assertThat(p.reason()).isEqualTo("the file is empty"));
        Path missing = dir.resolve("absent.yaml");
        assertThatThrownBy(() -> CapabilityRegistryLoader.load(missing, SCHEMA))
                .isInstanceOfSatisfying(PolicyFileException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> {
                            assertThat(p.file()).isEqualTo(missing);
                            assertThat(p.reason()).isEqualTo("file not found");
                        }));
    }

    @Test
    void aMissingSchemaIsNamedWhereItShouldBe() throws Exception {
        Path file = write(VALID);
        assertThatThrownBy(() -> CapabilityRegistryLoader.load(file))
                .isInstanceOfSatisfying(PolicyFileException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> {
                            assertThat(p.file()).isEqualTo(dir.resolve("schema/capabilities.schema.json"));
                            assertThat(p.reason()).contains("schema file not found");
                        }));
    }

    @Test
    void theSchemaBesideTheFileIsUsedByDefault() throws Exception {
        Files.createDirectories(dir.resolve("schema"));
        Files.copy(SCHEMA, dir.resolve("schema/capabilities.schema.json"));
        assertThat(CapabilityRegistryLoader.load(write(VALID)).all()).hasSize(2);
    }

    @Test
    void commentsAndLayoutDoNotChangeTheHashButAValueDoes() throws Exception {
        String hash = CapabilityRegistryLoader.load(write(VALID), SCHEMA).hash();
        String relaid = "# a comment\n" + VALID.replace("title: Start a vacuum", "title: 'Start a vacuum'  # quoted");
        assertThat(CapabilityRegistryLoader.load(write(relaid), SCHEMA).hash()).isEqualTo(hash);
        String changed = VALID.replace("title: Start a vacuum", "title: Start the vacuum");
        assertThat(CapabilityRegistryLoader.load(write(changed), SCHEMA).hash()).isNotEqualTo(hash);
    }

    @Test
    void aRegistryBuiltInCodeKeepsTheSameRules() throws Exception {
        Capability valid = CapabilityRegistryLoader.load(write(VALID), SCHEMA).find("roborock.vacuum.start")
                .orElseThrow();
        Capability exemptableMobility = new Capability(valid.id(), valid.title(), valid.target(), valid.mode(),
                valid.risk(), valid.approval(), true, valid.safetyClass(), valid.enabled(), valid.limits(),
                valid.owner(), valid.rollback(), valid.dryRun(), valid.actionSchema(), valid.allowlist());
        ThrowingCallable build = () -> CapabilityRegistry.of("3.0", List.of(exemptableMobility));
        assertThatThrownBy(build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("roborock.vacuum.start")
                .hasMessageContaining("can never be exempted");
    }

    private void refusedAt(String yaml, int line, String... reasonParts) throws IOException {
        PolicyFileException refused = refusal(yaml);
        assertThat(refused.problems()).as(refused.getMessage()).anySatisfy(problem -> {
            assertThat(problem.file()).isEqualTo(dir.resolve("capabilities.yaml"));
            assertThat(problem.line()).isEqualTo(line);
            assertThat(problem.reason()).contains(reasonParts);
        });
    }

    private PolicyFileException refusal(String yaml) throws IOException {
        Path file = write(yaml);
        try {
            CapabilityRegistryLoader.load(file, SCHEMA);
        } catch (PolicyFileException e) {
            return e;
        }
        throw new AssertionError("the file was accepted:\n" + yaml);
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("capabilities.yaml"), yaml);
    }

    /** The 1-based line where this text starts. */
    static int lineOf(String yaml, String text) {
        int at = yaml.indexOf(text);
        if (at < 0) {
            throw new IllegalArgumentException("not in the YAML: " + text);
        }
        return lineAt(yaml, at);
    }

    static int lineAt(String yaml, int offset) {
        return (int) yaml.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
    }
}
