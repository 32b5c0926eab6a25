package dev.polystack;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The dependency rule: AWS stays in adapters (and the composition root); the domain sees neither handlers nor adapters. */
class ArchitectureTest {
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.polystack");

    @Test
    void onlyAdaptersAndTheCompositionRootUseTheAwsSdk() {
        noClasses().that().resideOutsideOfPackages("..adapter..", "dev.polystack.app..")
                .should().dependOnClassesThat().resideInAPackage("software.amazon.awssdk..")
                .check(CLASSES);
    }

    @Test
    void domainDependsOnNeitherHandlersNorAdapters() {
        noClasses().that().resideOutsideOfPackages("..adapter..", "..handler..", "dev.polystack.app..")
                .should().dependOnClassesThat().resideInAnyPackage("..adapter..", "..handler..", "dev.polystack.app..")
                .check(CLASSES);
    }

    @Test
    void handlersDoNotReachIntoAdapters() {
        noClasses().that().resideInAPackage("..handler..")
                .should().dependOnClassesThat().resideInAPackage("..adapter..")
                .check(CLASSES);
    }
}
