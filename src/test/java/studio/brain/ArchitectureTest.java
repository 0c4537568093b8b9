package studio.brain;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import studio.brain.actions.WritePilots;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Layering and the no-bypass rule, checked on the compiled classes. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("studio.brain");
    }

    @Test
    void onlyTheExecutionServiceSendsApprovedActions() {
        noClasses().that().doNotHaveFullyQualifiedName("studio.brain.gate.ExecutionService")
                .should().callMethod("studio.brain.gate.ActionSender", "send",
                        "studio.brain.gate.ActionSender$Execution")
                .because("a write reaches a connector only through execution, after the policy re-check and a grant")
                .check(classes);
    }

    @Test
    void connectorWriteClientsAreUsedOnlyByTheExecutionComponent() {
        noClasses().that().resideOutsideOfPackages("studio.brain.gate..", "studio.brain.actions..", "studio.brain.hub..")
                .should().dependOnClassesThat().resideInAPackage("studio.brain.actions..")
                .because("connector write clients (studio.brain.actions) are called only by the gate's execution")
                .check(classes);
        noClasses().that().resideInAPackage("studio.brain.hub..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("studio.brain.actions..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.equivalentTo(WritePilots.class))))
                .because("the hub only wires the write pilots; it never calls a write client")
                .check(classes);
    }

    @Test
    void theHashAndConfigFoundationsDependOnNothingAboveThem() {
        noClasses().that().resideInAPackage("studio.brain.hash..")
                .should().dependOnClassesThat().resideInAnyPackage("studio.brain.ledger..", "studio.brain.gate..",
                        "studio.brain.hub..", "studio.brain.store..", "studio.brain.web..")
                .check(classes);
        noClasses().that().resideInAPackage("studio.brain.config..")
                .should().dependOnClassesThat().resideInAnyPackage("studio.brain.ledger..", "studio.brain.gate..",
                        "studio.brain.hub..", "studio.brain.store..", "studio.brain.web..")
                .check(classes);
    }

    @Test
    void theLedgerDoesNotDependOnThePolicyGate() {
        noClasses().that().resideInAPackage("studio.brain.ledger..")
                .should().dependOnClassesThat().resideInAPackage("studio.brain.gate..")
                .because("the gate writes to the ledger; the ledger must stay usable and verifiable on its own")
                .check(classes);
    }

    @Test
    void nothingButTheCommandLinePrintsToTheConsole() {
        noClasses().that().resideOutsideOfPackage("studio.brain.cli..")
                .should().accessField(System.class, "out").orShould().accessField(System.class, "err")
                .because("the hub speaks through structured log events, which mask secrets")
                .check(classes);
    }
}
