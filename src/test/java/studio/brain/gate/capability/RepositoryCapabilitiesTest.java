package studio.brain.gate.capability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import studio.brain.hash.ContentHash;

/** Guards the registry the hub ships with: {@code policies/capabilities.yaml} loads and keeps every rule. */
class RepositoryCapabilitiesTest {
    static final Path FILE = Path.of("policies/capabilities.yaml");
    private static CapabilityRegistry registry;

    @BeforeAll
    static void load() throws PolicyFileException {
        registry = CapabilityRegistryLoader.load(FILE);
    }

    @Test
    void theShippedFileLoadsAtVersionThreeWithAContentHash() {
        assertThat(registry.version()).isEqualTo("3.0");
        assertThat(ContentHash.isHash(registry.hash())).isTrue();
        assertThat(registry.all()).hasSizeGreaterThanOrEqualTo(13);
    }

    @Test
    void everyConnectorHasARead() {
        Set<Target> readTargets = registry.all().stream()
                .filter(c -> !c.isWrite())
                .map(Capability::target)
                .collect(Collectors.toSet());
        assertThat(readTargets)
                .containsAll(Set.of(Target.FIRESTORE, Target.STRIPE, Target.HUBITAT, Target.ROBOROCK));
        for (String id : List.of("firestore.collection.read", "stripe.payments.read", "hubitat.devices.read",
                "roborock.status.read")) {
            Capability read = registry.find(id).orElseThrow();
            assertThat(read.mode()).as(id).isEqualTo(Mode.READ);
            assertThat(read.rollback()).as(id).isEqualTo("none: read-only");
        }
    }

    @Test
    void draftsAreLocalApprovalGatedAndHarmless() {
        for (String id : List.of("ops.recommendation", "finance.flag", "marketing.draft")) {
            Capability draft = registry.find(id).orElseThrow();
            assertThat(draft.target()).as(id).isEqualTo(Target.LOCAL);
            assertThat(draft.mode()).as(id).isEqualTo(Mode.WRITE);
            assertThat(draft.requiresApproval()).as(id).isTrue();
            assertThat(draft.risk()).as(id).isEqualTo(Risk.LOW);
            assertThat(draft.actionSchema()).as(id).isPresent();
        }
    }

    @Test
    void anchorModeEveryWriteOutsideTheHubIsDeclaredButDisabled() {
        List<Capability> connectorWrites = registry.all().stream()
                .filter(c -> c.isWrite() && c.target() != Target.LOCAL)
                .toList();
        assertThat(connectorWrites).extracting(Capability::id).contains("firestore.ops_note.append",
                "firestore.ops_note.delete", "hubitat.device.command", "roborock.vacuum.start", "website.publish",
                "notify.webhook");
        assertThat(connectorWrites).allSatisfy(c -> assertThat(c.enabled()).as(c.id()).isFalse());
    }

    @Test
    void everyWriteNeedsApprovalAnActionSchemaAndARealRollback() {
        assertThat(registry.all().stream().filter(Capability::isWrite)).allSatisfy(c -> {
            assertThat(c.requiresApproval()).as(c.id()).isTrue();
            assertThat(c.actionSchema()).as(c.id()).isPresent();
            assertThat(c.rollback()).as(c.id()).doesNotStartWith("none");
        });
    }

    @Test
    void thePilotsAreDeclaredAsTheIssueDescribesThem() {
        Capability note = registry.find("firestore.ops_note.append").orElseThrow();
        assertThat(note.risk()).isEqualTo(Risk.MEDIUM);
        assertThat(note.exemptable()).isTrue();
        assertThat(note.rollback()).contains("firestore.ops_note.delete");
        assertThat(registry.find("firestore.ops_note.delete")).isPresent();

        Capability command = registry.find("hubitat.device.command").orElseThrow();
        assertThat(command.risk()).isEqualTo(Risk.HIGH);
        assertThat(command.exemptable()).isFalse();
        assertThat(command.allowlist()).contains(List.of());
        assertThat(command.allowsTarget("42")).as("no device is controllable until allowlisted").isFalse();

        Capability vacuum = registry.find("roborock.vacuum.start").orElseThrow();
        assertThat(vacuum.safetyClass()).contains(SafetyClass.MOBILITY);
        assertThat(vacuum.exemptable()).isFalse();
    }

    @Test
    void noCapabilityOfASafetyClassIsExemptable() {
        assertThat(registry.all().stream().filter(c -> c.safetyClass().isPresent()))
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.exemptable()).as(c.id()).isFalse());
    }

    @Test
    void theSameCapabilitiesBuiltInCodePassTheSameRules() {
        CapabilityRegistry rebuilt = CapabilityRegistry.of(registry.version(), registry.all());
        assertThat(rebuilt.all()).isEqualTo(registry.all());
    }
}
