package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every integration suite is in the lane what it uses puts it in ({@link Lanes}), read from the suites' sources: a
 * suite in the wrong lane would run beside another that shares its stack, and fail now and then, far from its cause.
 */
class LanesTest {
    /** What the shared backend's lane shares: a suite beside it must not touch these. */
    static final Pattern SHARED_BACKEND =
            Pattern.compile("\\b(SharedBackend|LocalStores|SharedPostgres)\\.|LocalLambda\\.shared\\(");

    static final Pattern PROCESS_STACK = Pattern.compile("\\bSharedProcessStack\\.|\\bProcessStack\\.start\\(");
    static final Pattern LOCAL_START = Pattern.compile("\\bnew (LocalStartIT\\.)?Running\\(");
    static final Pattern CONCURRENT = Pattern.compile("@Execution\\(ExecutionMode\\.CONCURRENT\\)\\s*\\n");
    static final Pattern LANE = Pattern.compile("@ResourceLock\\(Lanes\\.(\\w+)\\)");
    static final Pattern CLASS = Pattern.compile("(?m)^(?:public |final )*class (\\w+)");
    /** {@code OtherSuiteIT.member}: a helper of another suite. */
    static final Pattern HELPER = Pattern.compile("\\b([A-Z]\\w*IT)\\.([a-zA-Z_]\\w*)");

    record Suite(String name, String source, boolean concurrent, Optional<String> lane) {
        static Suite of(String name, String source) {
            Matcher declaration = CLASS.matcher(source);
            String header = declaration.find() ? source.substring(0, declaration.start()) : source;
            Matcher lane = LANE.matcher(header);
            return new Suite(
                    name,
                    source,
                    CONCURRENT.matcher(header).find(),
                    lane.find() ? Optional.of(lane.group(1)) : Optional.empty());
        }

        String body() {
            Matcher declaration = CLASS.matcher(source);
            return declaration.find() ? source.substring(declaration.start()) : "";
        }
    }

    static Map<String, Suite> suites() {
        Map<String, Suite> suites = new TreeMap<>();
        try (Stream<Path> files = Files.walk(Path.of("src", "test", "java"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("IT.java"))
                    .toList()) {
                String name = file.getFileName().toString().replace(".java", "");
                suites.put(name, Suite.of(name, Files.readString(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return suites;
    }

    @Test
    void theSourcesHoldTheSuitesThisTestReads() {
        Map<String, Suite> suites = suites();
        assertTrue(suites.size() >= 40, "the integration suites: " + suites.keySet());
        assertEquals(Optional.of("PROCESS_STACKS"), suites.get("FaultsIT").lane());
        assertEquals(Optional.of("OWN_STACKS"), suites.get("LocalStartIT").lane());
        assertEquals(Optional.empty(), suites.get("OrderIT").lane());
        assertTrue(suites.get("FaultsIT").concurrent() && !suites.get("OrderIT").concurrent());
    }

    @Test
    void suitesOfProcessModeStacksRunInTheirLaneAndLocalStartsWithTheOwnStacks() {
        List<String> wrong = new ArrayList<>();
        suites().values().forEach(suite -> {
            if (PROCESS_STACK.matcher(suite.body()).find()
                    && !(suite.concurrent() && suite.lane().equals(Optional.of("PROCESS_STACKS")))) {
                wrong.add(suite.name() + " uses a process-mode stack: @Execution(CONCURRENT) and"
                        + " @ResourceLock(Lanes.PROCESS_STACKS) on the class");
            }
            if (LOCAL_START.matcher(suite.body()).find()
                    && !(suite.concurrent() && suite.lane().equals(Optional.of("OWN_STACKS")))) {
                wrong.add(suite.name() + " starts local/start: @Execution(CONCURRENT) and"
                        + " @ResourceLock(Lanes.OWN_STACKS) on the class");
            }
        });
        assertEquals(List.of(), wrong);
    }

    @Test
    void aSuiteBesideTheSharedBackendHoldsALaneAndTouchesNothingOfThatBackend() {
        Map<String, Suite> suites = suites();
        List<String> wrong = new ArrayList<>();
        suites.values().stream().filter(Suite::concurrent).forEach(suite -> {
            if (suite.lane().isEmpty()) {
                wrong.add(suite.name() + " runs beside the others without a lane: @ResourceLock(Lanes.…)");
            }
            if (SHARED_BACKEND.matcher(suite.body()).find()) {
                wrong.add(suite.name() + " runs beside the shared backend's suites and uses that backend");
            }
            Matcher helper = HELPER.matcher(suite.body());
            while (helper.find()) {
                Suite owner = suites.get(helper.group(1));
                if (owner == null || owner.concurrent() || owner.name().equals(suite.name())) {
                    continue;
                }
                // Reading a member of a shared-backend suite runs its static initialisers, and calls its helper.
                if (SHARED_BACKEND.matcher(staticInitialisers(owner)).find()) {
                    wrong.add(suite.name() + " uses " + helper.group() + ", whose class starts the shared backend");
                }
                if (SHARED_BACKEND.matcher(member(owner, helper.group(2))).find()) {
                    wrong.add(suite.name() + " uses " + helper.group() + ", which uses the shared backend");
                }
            }
        });
        assertEquals(List.of(), wrong);
    }

    @Test
    void noSuiteOfTheSharedBackendsLaneWaitsForAnotherLane() {
        List<String> wrong = new ArrayList<>();
        suites().values().stream().filter(suite -> !suite.concurrent()).forEach(suite -> {
            if (LANE.matcher(suite.source()).find()) {
                wrong.add(suite.name() + " holds a lane's lock in the shared backend's lane: its thread would"
                        + " wait for that lane's suite to end");
            }
        });
        assertEquals(List.of(), wrong);
    }

    @Test
    void theCheckFindsASuiteInTheWrongLane() {
        String beside = """
                @Execution(ExecutionMode.CONCURRENT)
                @ResourceLock(Lanes.OWN_STACKS)
                class BesideIT {
                    void test() { SharedBackend.get(); }
                }
                """;
        Suite suite = Suite.of("BesideIT", beside);
        assertTrue(suite.concurrent() && suite.lane().equals(Optional.of("OWN_STACKS")));
        assertTrue(SHARED_BACKEND.matcher(suite.body()).find());
        String helper = """
                class HelperIT {
                    static final StackClient API = new StackClient(SharedBackend.get().gatewayEndpoint());
                    static String quiet() { return "x"; }
                    static String loud() {
                        return LocalStores.clients().toString();
                    }
                }
                """;
        Suite owner = Suite.of("HelperIT", helper);
        assertTrue(!owner.concurrent() && owner.lane().isEmpty());
        assertTrue(SHARED_BACKEND.matcher(staticInitialisers(owner)).find());
        assertTrue(SHARED_BACKEND.matcher(member(owner, "loud")).find());
        assertTrue(!SHARED_BACKEND.matcher(member(owner, "quiet")).find());
    }

    /** The class's static field initialisers and static blocks (one line each, as the formatter writes them). */
    static String staticInitialisers(Suite suite) {
        StringBuilder found = new StringBuilder();
        Matcher field = Pattern.compile("(?m)^    (?:public |private |protected )?static (?:final )?[^(\\n]*=[^;]*;")
                .matcher(suite.source());
        while (field.find()) {
            found.append(field.group()).append('\n');
        }
        Matcher block = Pattern.compile("(?m)^    static \\{").matcher(suite.source());
        while (block.find()) {
            found.append(braced(suite.source(), block.end() - 1)).append('\n');
        }
        return found.toString();
    }

    /** A static member's declaration: a field's initialiser or a method's body (every overload). */
    static String member(Suite suite, String name) {
        StringBuilder found = new StringBuilder();
        Matcher declaration = Pattern.compile("(?m)^    [\\w .<>,\\[\\]?]*\\b" + Pattern.quote(name) + "\\b\\s*([(=])")
                .matcher(suite.source());
        while (declaration.find()) {
            String source = suite.source();
            if (declaration.group(1).equals("=")) {
                found.append(source, declaration.start(), source.indexOf(';', declaration.end()));
            } else {
                int open = source.indexOf('{', declaration.end());
                int end = source.indexOf(';', declaration.end());
                if (open >= 0 && (end < 0 || open < end)) {
                    found.append(braced(source, open));
                }
            }
            found.append('\n');
        }
        return found.toString();
    }

    private static String braced(String source, int open) {
        int depth = 0;
        for (int i = open; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return source.substring(open, i + 1);
            }
        }
        return source.substring(open);
    }
}
