package dev.polystack;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.polystack.user.ReachesIntoAnotherContextsDomain;
import dev.polystack.user.adapter.ReachesIntoAnotherContextsAdapter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The dependency rule: AWS stays in adapters (and the composition root); the domain sees neither
 * handlers nor adapters; no context reaches into another context's adapters (each owns its items
 * and its stores), and one context's domain uses another's only where {@link #DOMAIN_DEPENDENCIES}
 * says so, with the reason. The contexts are the packages under {@code dev.polystack} other than
 * {@link #SHARED}: a new context is covered the day its first class appears.
 */
class ArchitectureTest {
    static final String ROOT = "dev.polystack";
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);
    /**
     * Not bounded contexts: {@code shared} (the kernel every context may use: roles, actors, errors,
     * rate limits, logging, settings; its {@code adapter} the single table's keys and the clients),
     * {@code http} (the API's request and response mapping for handlers) and {@code app} (the
     * composition root, which wires every context and is exempt).
     */
    static final Set<String> SHARED = Set.of("shared", "http", "app");

    static final List<String> CONTEXTS = contexts(CLASSES);

    /**
     * The context map: which context's domain may use which other context's domain, and why. Every
     * other pair is a violation. A use case that needs another context goes through that context's
     * published port or value types (customer and supplier); nothing here reaches an adapter.
     */
    static final Map<String, Map<String, String>> DOMAIN_DEPENDENCIES = Map.of(
            "session",
                    Map.of(
                            "user",
                            "a login checks the user's credentials and roles through the user context's port (UserRepository)",
                            "recovery",
                            "logouts, password changes and role revocations are recorded in the recovery ledger before they are made"),
            "account",
                    Map.of(
                            "user",
                                    "an erasure checks the password as a login does and removes the account through UserRepository",
                            "session",
                                    "an erasure's password check counts against the login limits (LoginLimits), the same windows",
                            "upload",
                                    "the grace is derived from the longest upload URL (UploadPolicy.MAX_URL_LIFETIME)",
                            "recovery",
                                    "an erasure is recorded in the recovery ledger before its job, so a restore cannot bring the account back"),
            // A cycle, allowed here on purpose and named: the relay is the one reader of the outbox, so it
            // drives both deliveries; a lake fact is the order's published shape, no adapter in between.
            "order",
                    Map.of(
                            "lake",
                            "the outbox relay also delivers each change to the order lake (LakeDelivery), marked delivered only once accepted"),
            "lake", Map.of("order", "a lake fact is made from the order an outbox row carries (Order and its items)"));

    /** The packages directly under {@code dev.polystack} that hold classes, less {@link #SHARED}. */
    static List<String> contexts(JavaClasses classes) {
        Set<String> found = new TreeSet<>();
        for (JavaClass type : classes) {
            String name = type.getPackageName();
            if (name.startsWith(ROOT + ".")) {
                found.add(name.substring(ROOT.length() + 1).split("\\.")[0]);
            }
        }
        found.removeAll(SHARED);
        return List.copyOf(found);
    }

    @Test
    void theContextsAreFoundFromThePackagesAccountAmongThem() {
        assertEquals(
                List.of(
                        "account",
                        "catalog",
                        "health",
                        "lake",
                        "migration",
                        "order",
                        "recovery",
                        "session",
                        "upload",
                        "user"),
                CONTEXTS);
    }

    @Test
    void theContextMapNamesOnlyContextsThatExist() {
        DOMAIN_DEPENDENCIES.forEach((context, uses) -> {
            assertTrue(CONTEXTS.contains(context), context);
            uses.keySet().forEach(used -> assertTrue(CONTEXTS.contains(used), context + " -> " + used));
        });
    }

    /** Every pair of the context map is in use: an exception no longer needed is taken out, not left to widen the rule. */
    @Test
    void everyDependencyTheContextMapAllowsIsInUse() {
        DOMAIN_DEPENDENCIES.forEach((context, uses) -> uses.keySet()
                .forEach(used -> assertTrue(
                        noClasses()
                                .that(domainOf(context))
                                .should()
                                .dependOnClassesThat(domainOf(used))
                                .evaluate(CLASSES)
                                .hasViolation(),
                        context + " -> " + used + " is not used")));
    }

    @Test
    void onlyAdaptersAndTheCompositionRootUseTheAwsSdk() {
        noClasses()
                .that()
                .resideOutsideOfPackages("..adapter..", "dev.polystack.app..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("software.amazon.awssdk..")
                .check(CLASSES);
    }

    @Test
    void domainDependsOnNeitherHandlersNorAdapters() {
        noClasses()
                .that()
                .resideOutsideOfPackages("..adapter..", "..handler..", "dev.polystack.app..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("..adapter..", "..handler..", "dev.polystack.app..")
                .check(CLASSES);
    }

    @Test
    void handlersDoNotReachIntoAdapters() {
        noClasses()
                .that()
                .resideInAPackage("..handler..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("..adapter..")
                .check(CLASSES);
    }

    /** Another context's adapters: the packages {@code context}'s classes must never use. */
    static ArchRule staysOutOfOtherContextsAdapters(String context) {
        String[] others = CONTEXTS.stream()
                .filter(c -> !c.equals(context))
                .map(c -> ROOT + "." + c + ".adapter..")
                .toArray(String[]::new);
        return noClasses()
                .that()
                .resideInAPackage(ROOT + "." + context + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(others)
                .because(
                        "each context owns its items and stores; a reader of another context's items asks that context to map them");
    }

    @ParameterizedTest
    @FieldSource("CONTEXTS")
    void noContextReachesIntoAnotherContextsAdapters(String context) {
        staysOutOfOtherContextsAdapters(context).check(CLASSES);
    }

    /** A class of {@code context}'s domain (not its handlers, not its adapters). */
    static DescribedPredicate<JavaClass> domainOf(String context) {
        return DescribedPredicate.describe("the domain of " + context, type -> {
            String name = type.getPackageName();
            return (name.equals(ROOT + "." + context) || name.startsWith(ROOT + "." + context + "."))
                    && !name.contains(".adapter")
                    && !name.contains(".handler");
        });
    }

    /** The domains of the other contexts {@code context}'s domain may not use: all but itself and those the context map allows. */
    static ArchRule keepsToItsOwnDomain(String context) {
        Set<String> allowed =
                DOMAIN_DEPENDENCIES.getOrDefault(context, Map.of()).keySet();
        List<String> forbidden = CONTEXTS.stream()
                .filter(c -> !c.equals(context) && !allowed.contains(c))
                .toList();
        DescribedPredicate<JavaClass> others = DescribedPredicate.describe(
                "the domain of " + forbidden,
                type -> forbidden.stream().anyMatch(c -> domainOf(c).test(type)));
        return noClasses()
                .that(domainOf(context))
                .should()
                .dependOnClassesThat(others)
                .because(
                        "a context's domain uses another's only through the context map (ArchitectureTest.DOMAIN_DEPENDENCIES)");
    }

    @ParameterizedTest
    @FieldSource("CONTEXTS")
    void noContextsDomainUsesAnotherContextsDomainOutsideTheContextMap(String context) {
        keepsToItsOwnDomain(context).check(CLASSES);
    }

    @Test
    void theContextRuleCatchesAUserClassThatUsesTheOrderAdapter() {
        JavaClasses wrong = new ClassFileImporter().importClasses(ReachesIntoAnotherContextsAdapter.class);
        assertTrue(staysOutOfOtherContextsAdapters("user").evaluate(wrong).hasViolation());
    }

    @Test
    void theDomainRuleCatchesAUserClassThatUsesTheCatalogDomain() {
        JavaClasses wrong = new ClassFileImporter().importClasses(ReachesIntoAnotherContextsDomain.class);
        assertTrue(keepsToItsOwnDomain("user").evaluate(wrong).hasViolation());
    }

    @Test
    void aContextFoundFromItsPackageIsCheckedTheDayItAppears() {
        JavaClasses withANewContext = new ClassFileImporter()
                .importClasses(
                        ReachesIntoAnotherContextsDomain.class,
                        dev.polystack.catalog.Product.class,
                        dev.polystack.shared.Role.class);
        assertEquals(List.of("catalog", "user"), contexts(withANewContext));
    }
}
