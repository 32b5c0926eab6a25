package dev.polystack.infra.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PruneVersionsTest {
    /** Lambda as far as versions go: published versions and aliases per function, and what was deleted. */
    static final class FakeLambda implements PruneVersions.Versions {
        final Map<String, List<String>> versions = new LinkedHashMap<>();
        final Map<String, Set<String>> aliases = new LinkedHashMap<>();
        final List<String> deleted = new ArrayList<>();

        FakeLambda function(String name, int published, String... aliased) {
            List<String> all = new ArrayList<>();
            for (int v = 1; v <= published; v++) {
                all.add(Integer.toString(v));
            }
            versions.put(name, all);
            aliases.put(name, new TreeSet<>(List.of(aliased)));
            return this;
        }

        @Override
        public List<String> functions(String namePrefix) {
            return versions.keySet().stream()
                    .filter(n -> n.startsWith(namePrefix))
                    .toList();
        }

        @Override
        public List<String> published(String function) {
            return List.copyOf(versions.get(function));
        }

        @Override
        public Set<String> aliased(String function) {
            return aliases.get(function);
        }

        @Override
        public void delete(String function, String version) {
            if (aliases.get(function).contains(version)) {
                throw new IllegalStateException("Lambda refuses to delete a version an alias points at");
            }
            versions.get(function).remove(version);
            deleted.add(function + ":" + version);
        }
    }

    static PruneVersions prune(FakeLambda lambda) {
        return new PruneVersions(lambda, new PrintStream(new ByteArrayOutputStream()));
    }

    @Test
    void keepsTheAliasedVersionAndTheNewestNOthers() {
        FakeLambda lambda = new FakeLambda().function("polystack-dev-Health", 12, "12");
        assertEquals(8, prune(lambda).run("polystack-dev-", 3, true));
        assertEquals(List.of("12", "11", "10", "9"), reversed(lambda.versions.get("polystack-dev-Health")));
    }

    @Test
    void anAliasOnAnOldVersionKeepsItToo() {
        // A canary alias (or a live alias rolled back) points at an old version: it stays, outside the count.
        FakeLambda lambda = new FakeLambda().function("polystack-dev-Login", 10, "3", "10");
        prune(lambda).run("polystack-dev-", 2, true);
        assertEquals(List.of("10", "9", "8", "3"), reversed(lambda.versions.get("polystack-dev-Login")));
    }

    @Test
    void comparesVersionsAsNumbersNotText() {
        assertEquals(List.of("9", "2", "1"), PruneVersions.doomed(List.of("1", "2", "9", "10", "11"), Set.of(), 2));
    }

    @Test
    void withoutDeleteItDeletesNothing() {
        FakeLambda lambda = new FakeLambda().function("polystack-dev-Health", 5, "5");
        assertEquals(3, prune(lambda).run("polystack-dev-", 1, false));
        assertEquals(List.of(), lambda.deleted);
    }

    @Test
    void touchesOnlyTheFunctionsOfTheStageItIsGiven() {
        FakeLambda lambda =
                new FakeLambda().function("polystack-dev-Health", 4, "4").function("polystack-prod-Health", 4, "4");
        prune(lambda).run("polystack-dev-", 0, true);
        assertEquals(
                List.of("polystack-dev-Health:3", "polystack-dev-Health:2", "polystack-dev-Health:1"), lambda.deleted);
        assertEquals(4, lambda.versions.get("polystack-prod-Health").size());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, -10})
    void refusesANegativeKeep(int keep) {
        FakeLambda lambda = new FakeLambda().function("polystack-dev-Health", 4, "4");
        assertThrows(IllegalArgumentException.class, () -> prune(lambda).run("polystack-dev-", keep, true));
        assertEquals(List.of(), lambda.deleted);
    }

    @Test
    void refusesAnEmptyPrefixThatWouldMatchEveryFunctionOfTheAccount() {
        FakeLambda lambda = new FakeLambda().function("someone-elses-function", 4, "4");
        assertThrows(IllegalArgumentException.class, () -> prune(lambda).run(" ", 1, true));
        assertEquals(List.of(), lambda.deleted);
    }

    private static List<String> reversed(List<String> versions) {
        List<String> copy = new ArrayList<>(versions);
        java.util.Collections.reverse(copy);
        return copy;
    }
}
