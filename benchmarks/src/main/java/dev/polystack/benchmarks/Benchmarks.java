package dev.polystack.benchmarks;

import dev.polystack.local.LocalBackend;
import dev.polystack.local.StackOptions;
import dev.polystack.local.lambda.SamTemplate;
import dev.polystack.shared.InvocationLog;
import dev.polystack.shared.JsonLine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipFile;

/**
 * {@code benchmarks/run}: measures every target of the performance issue in one run and writes
 * {@code BENCHMARKS.md}. Benchmarks print figures; none of them fails a build. Options:
 * {@code --runs N} (cold starts per function, default 5), {@code --seconds N} (per throughput
 * level, default 15), {@code --skip-suite} (no {@code mvn verify} on a clean clone), {@code --skip-jmh}.
 */
public final class Benchmarks {
    private Benchmarks() {}

    public static void main(String[] args) throws Exception {
        int runs = 5;
        int seconds = 15;
        boolean suite = true;
        boolean jmh = true;
        boolean snapStartOnly = false;
        boolean coldStartOnly = false;
        Set<String> only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--skip-suite" -> suite = false;
                case "--skip-jmh" -> jmh = false;
                case "--snapstart-only" -> snapStartOnly = true;
                case "--coldstart-only" -> coldStartOnly = true;
                case "--functions" -> only = Set.of(args[++i].split(","));
                default -> {
                    System.err.println(
                            "usage: benchmarks/run [--runs 5] [--seconds 15] [--skip-suite] [--skip-jmh] [--snapstart-only] [--coldstart-only] [--functions A,B,…]");
                    System.exit(2);
                }
            }
        }
        Path project = SamTemplate.locate().getParent();
        Path work = project.resolve("benchmarks").resolve("target").resolve("bench");
        Files.createDirectories(work);
        Report report = new Report(project, runs, String.join(" ", args));

        System.out.println("polystack benchmarks: artifact…");
        report.artifact(project.resolve("functions").resolve("target").resolve("functions.jar"));

        SamTemplate functions = SamTemplate.read(project.resolve("template.yaml"));
        SamTemplate references = SamTemplate.read(project.resolve("benchmarks").resolve("coldstart-template.yaml"));
        Path events = project.resolve("events");
        try (PrintWriter log = new PrintWriter(Files.newBufferedWriter(work.resolve("function-logs.log")), true)) {
            FunctionLogs logs = new FunctionLogs(log);
            // In-process functions log to standard output; here their lines go where the processes' go.
            InvocationLog.redirect((level, line) -> logs.accept("[in-process] " + JsonLine.of(line)));
            System.out.println(
                    "polystack benchmarks: starting a local stack (functions in-process for the overhead figures)…");
            try (LocalBackend stack = LocalBackend.start(StackOptions.forBenchmarks())) {
                ColdStarts coldStarts = new ColdStarts(stack.functionVariables(), work, log);
                Set<String> chosen = only;
                List<ColdStarts.Subject> ours = ColdStarts.subjectsWithSampleEvents(functions, events).stream()
                        .filter(s -> chosen == null || chosen.contains(s.function()))
                        .toList();
                if (snapStartOnly) {
                    // A quick look at priming: only target 2, printed, BENCHMARKS.md left as it is.
                    report.snapStarts(coldStarts.measure(ours, runs, true));
                    System.out.println(report.markdown());
                    System.exit(0);
                }
                List<ColdStarts.Subject> subjects = new ArrayList<>(ours);
                subjects.add(new ColdStarts.Subject("HelloWorld", references, events.resolve("health.json")));
                subjects.add(new ColdStarts.Subject("TutorialGetMe", references, events.resolve("get-me.json")));
                System.out.println(
                        "polystack benchmarks: cold starts (" + subjects.size() + " functions × " + runs + " runs)…");
                report.coldStarts(coldStarts.measure(subjects, runs, false), functions);
                if (coldStartOnly) {
                    // Target 1 and the runtime's overhead alone, printed, BENCHMARKS.md left as it is.
                    System.out.println(report.markdown());
                    System.exit(0);
                }
                System.out.println("polystack benchmarks: first invocation after the snapshot point (SnapStart mode)…");
                report.snapStarts(coldStarts.measure(ours, runs, true));
                System.out.println("polystack benchmarks: what the Data API emulator and the gateway add…");
                report.overheads(LocalStackOverhead.measure(stack, events));
            }
            System.out.println("polystack benchmarks: starting a local stack with every function in its own process…");
            try (LocalBackend stack = LocalBackend.start(StackOptions.forBenchmarks()
                    .withFunctions(StackOptions.FunctionMode.PROCESS, null, logs)
                    .withFunctionVariables(Map.of("SIGNUPS_PER_IP", "1000000")))) {
                Api api = new Api(stack.gatewayEndpoint());
                System.out.println("polystack benchmarks: GET /products end to end against its parts…");
                report.endToEnd(EndToEnd.measure(stack, api, logs));
                System.out.println("polystack benchmarks: orders under contention…");
                report.throughput(new Throughput(stack, api).measure(List.of(1, 8, 32), Duration.ofSeconds(seconds)));
                System.out.println("polystack benchmarks: warm latency of every route…");
                RouteLatencies routes = new RouteLatencies(api, logs);
                report.routes(routes.measure(functions), routes.authorizerCalls());
            }
        }
        System.out.println("polystack benchmarks: local/start…");
        report.localStart(CommandTimes.localStart(project, Math.max(3, runs)));
        if (jmh) {
            System.out.println("polystack benchmarks: JMH (SigningBenchmark, LoginBenchmark)…");
            report.jmh(JmhFigures.run(work.resolve("jmh.log")));
        }
        if (suite) {
            System.out.println("polystack benchmarks: the test suite on a clean clone…");
            report.suite(CommandTimes.verifyOnACleanClone(project, work));
        }
        Path out = project.resolve("BENCHMARKS.md");
        Files.writeString(out, report.markdown());
        System.out.println(report.markdown());
        System.out.println("polystack benchmarks: written to " + out);
        System.exit(0);
    }

    /** Classes in a jar, by binary name. */
    static Set<String> classesIn(Path jar) throws IOException {
        Set<String> classes = new TreeSet<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            zip.stream()
                    .map(e -> e.getName())
                    .filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/"))
                    .forEach(n -> classes.add(
                            n.substring(0, n.length() - ".class".length()).replace('/', '.')));
        }
        return classes;
    }

    static Map<String, String> machine() throws IOException {
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        String memTotal = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                .filter(l -> l.startsWith("MemTotal:"))
                .findFirst()
                .orElse("");
        machine.put(
                "memory",
                memTotal.isEmpty()
                        ? "?"
                        : String.format(
                                java.util.Locale.ROOT,
                                "%.1f GiB",
                                Long.parseLong(memTotal.replaceAll("\\D", "")) / 1024.0 / 1024.0));
        machine.put("load", Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        return machine;
    }
}
