package dev.polystack;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.polystack.user.adapter.ReachesIntoAnotherContextsAdapter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The dependency rule: AWS stays in adapters (and the composition root); the domain sees neither
 * handlers nor adapters; no context reaches into another context's adapters (each owns its items
 * and its stores; {@code app}, the composition root, wires them together and is exempt).
 */
class ArchitectureTest {
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.polystack");
    static final List<String> CONTEXTS = List.of("user", "session", "order", "upload", "catalog", "health", "migration", "lake");

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

    /** Another context's adapters: the packages {@code context}'s classes must never use. */
    static ArchRule staysOutOfOtherContextsAdapters(String context) {
        String[] others = CONTEXTS.stream().filter(c -> !c.equals(context)).map(c -> "dev.polystack." + c + ".adapter..").toArray(String[]::new);
        return noClasses().that().resideInAPackage("dev.polystack." + context + "..")
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .because("each context owns its items and stores; a reader of another context's items asks that context to map them");
    }

    @ParameterizedTest
    @FieldSource("CONTEXTS")
    void noContextReachesIntoAnotherContextsAdapters(String context) {
        staysOutOfOtherContextsAdapters(context).check(CLASSES);
    }

    @Test
    void theContextRuleCatchesAUserClassThatUsesTheOrderAdapter() {
        JavaClasses wrong = new ClassFileImporter().importClasses(ReachesIntoAnotherContextsAdapter.class);
        assertTrue(staysOutOfOtherContextsAdapters("user").evaluate(wrong).hasViolation());
    }
}
