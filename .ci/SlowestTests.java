import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;

/**
 * Prints the slowest test classes of this build from the Surefire and Failsafe XML reports of every
 * module ({@code <module>/target/surefire-reports}, {@code failsafe-reports}): run at the end of
 * {@code mvn verify} (the verify phase of suite-report, which the reactor builds after every other
 * module) so the next person sees where the suite's time goes. Reports older than the build's start
 * (left by an earlier run) are skipped.
 *
 * <p>{@code java .ci/SlowestTests.java <project root> [build start, ISO-8601] [how many, default 10]}
 */
public class SlowestTests {
    record Suite(String module, String name, double seconds, int tests, int skipped) {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        Instant since = args.length > 1 && !args[1].isBlank() ? Instant.parse(args[1]) : Instant.EPOCH;
        int limit = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        List<Suite> suites = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(Files::isDirectory).sorted().toList()) {
                for (String reports : List.of("surefire-reports", "failsafe-reports")) {
                    suites.addAll(read(module.getFileName().toString(), module.resolve("target").resolve(reports), since));
                }
            }
        }
        suites.sort(Comparator.comparingDouble(Suite::seconds).reversed());
        double total = suites.stream().mapToDouble(Suite::seconds).sum();
        int tests = suites.stream().mapToInt(Suite::tests).sum();
        int skipped = suites.stream().mapToInt(Suite::skipped).sum();
        System.out.printf("The %d slowest of %d test classes (%d tests, %d skipped; %.1f s in test classes in all):%n",
                Math.min(limit, suites.size()), suites.size(), tests, skipped, total);
        for (Suite suite : suites.subList(0, Math.min(limit, suites.size()))) {
            System.out.printf("  %7.1f s  %-10s %s (%d tests)%n", suite.seconds(), suite.module(), suite.name(), suite.tests());
        }
    }

    static List<Suite> read(String module, Path directory, Instant since) throws Exception {
        List<Suite> suites = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return suites;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml")).sorted().toList()) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(since)) {
                    continue;
                }
                Element suite = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile()).getDocumentElement();
                suites.add(new Suite(module, suite.getAttribute("name"), number(suite.getAttribute("time")),
                        (int) number(suite.getAttribute("tests")), (int) number(suite.getAttribute("skipped"))));
            }
        } catch (IOException e) {
            System.err.println("cannot read " + directory + ": " + e);
        }
        return suites;
    }

    static double number(String text) {
        return text == null || text.isBlank() ? 0 : Double.parseDouble(text.replace(",", ""));
    }
}
