package studio.brain.intake.triage;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** A suggestion is advice: the triage logic cannot reach the gate, execution, connectors or storage. */
class TriageIsolationTest {

    @Test
    void triageDependsOnlyOnItselfTheJdkAndTheYamlReader() {
        JavaClasses triage = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("studio.brain.intake.triage");
        classes().that().resideInAPackage("studio.brain.intake.triage..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("studio.brain.intake.triage..", "java..",
                        "org.snakeyaml.engine..")
                .because("no path from a triage suggestion may perform an action")
                .check(triage);
    }
}
