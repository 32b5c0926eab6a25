package dev.polystack.benchmarks;

import dev.polystack.local.LocalBackend;
import dev.polystack.local.StackOptions;
import dev.polystack.local.lambda.ClassDataArchive;
import dev.polystack.local.lambda.FunctionVariables;
import dev.polystack.local.lambda.Invocation;
import dev.polystack.local.lambda.LambdaRuntime;
import dev.polystack.local.lambda.SamTemplate;
import dev.polystack.local.lambda.SampleEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * What the local stack's class-data archive ({@link ClassDataArchive}) does to a function JVM's start:
 * for a few functions, fresh JVMs through the local Lambda runtime from process start to first response,
 * with and without the archive, alternating within each round so the machine's noise falls on both
 * alike. Prints the medians, their ratio, and how many classes came from a shared archive
 * ({@code -Xlog:class+load}: "source: shared objects file") against all loaded. The archive pays if the
 * median start with it is at least 15 % shorter.
 *
 * <p>{@code benchmarks/function-start [--runs 9] [--functions Health,Login,ListProducts,PlaceOrder]}
 */
public final class FunctionStarts {
    static final double PAYS = 0.15;

    record Start(double millis, double initMillis, long classes, long shared) {}

    private FunctionStarts() {}

    public static void main(String[] args) throws Exception {
        int runs = 9;
        List<String> functions = List.of("Health", "Login", "ListProducts", "PlaceOrder");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--functions" -> functions = List.of(args[++i].split(","));
                default -> {
                    System.err.println("usage: benchmarks/function-start [--runs 9] [--functions A,B,…]");
                    System.exit(2);
                }
            }
        }
        Path project = SamTemplate.locate().getParent();
        Path work = project.resolve("benchmarks/target/function-start");
        Path archives = work.resolve("appcds");
        deleteTree(work);
        Files.createDirectories(work);
        SamTemplate template = SamTemplate.read(project.resolve("template.yaml"));
        Map<String, Path> events = SampleEvents.byFunction(template, project.resolve("events"));

        try (LocalBackend stack = LocalBackend.start(StackOptions.forBenchmarks())) {
            FunctionVariables variables = stack.functionVariables();
            // The local runtime lets only a function with an HTTP route write the archive
            // (LambdaRuntime.classDataStart).
            String writer = functions.stream()
                    .filter(f -> template.function(f).hasHttpRoute())
                    .findFirst()
                    .orElse("Health");
            System.out.println("function-start: writing the archive (one JVM of " + writer + ")…");
            writeArchive(template, variables, archives, writer, events);

            Map<String, List<Start>> off = new LinkedHashMap<>();
            Map<String, List<Start>> on = new LinkedHashMap<>();
            functions.forEach(f -> {
                off.put(f, new ArrayList<>());
                on.put(f, new ArrayList<>());
            });
            for (int round = 1; round <= runs; round++) {
                System.out.printf("function-start: round %d of %d…%n", round, runs);
                for (String function : functions) {
                    byte[] event = Files.readAllBytes(events.get(function));
                    boolean archiveFirst = round % 2 == 0;
                    for (boolean withArchive : archiveFirst ? List.of(true, false) : List.of(false, true)) {
                        Path classLog = work.resolve(function + "-" + round + (withArchive ? "-on" : "-off") + ".log");
                        LambdaRuntime.Config config = variables
                                .config(1, line -> {})
                                .withJvmOptions(List.of("-Xlog:class+load:file=" + classLog))
                                .withClassDataDirectory(withArchive ? archives : null);
                        (withArchive ? on : off).get(function).add(once(template, config, function, event, classLog));
                    }
                }
            }
            print(functions, off, on);
        }
        System.exit(0);
    }

    private static void writeArchive(
            SamTemplate template, FunctionVariables variables, Path archives, String function, Map<String, Path> events)
            throws Exception {
        LambdaRuntime.Config config = variables.config(1, System.out::println).withClassDataDirectory(archives);
        try (LambdaRuntime runtime = new LambdaRuntime(template, config)) {
            runtime.invoke(
                    function,
                    Files.readAllBytes(events.get(function)),
                    UUID.randomUUID().toString());
            long deadline = System.nanoTime() + ClassDataArchive.DUMP_GRACE.toNanos();
            while (!Files.isRegularFile(runtime.classData().file()) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            if (!Files.isRegularFile(runtime.classData().file())) {
                throw new IllegalStateException("no archive was written");
            }
            // Written means checked: this process maps it from now on without checking it again.
        }
    }

    private static Start once(
            SamTemplate template, LambdaRuntime.Config config, String function, byte[] event, Path classLog)
            throws IOException {
        try (LambdaRuntime runtime = new LambdaRuntime(template, config)) {
            long started = System.nanoTime();
            Invocation first = runtime.invoke(function, event, UUID.randomUUID().toString());
            double millis = (System.nanoTime() - started) / 1e6;
            if (first.report().initMillis() == null) {
                throw new IllegalStateException(function + " did not start: " + first.errorType());
            }
            List<String> loaded = Files.readAllLines(classLog);
            long shared = loaded.stream()
                    .filter(l -> l.contains("source: shared objects file"))
                    .count();
            return new Start(millis, first.report().initMillis(), loaded.size(), shared);
        }
    }

    private static void print(List<String> functions, Map<String, List<Start>> off, Map<String, List<Start>> on) {
        System.out.println();
        System.out.println("| Function | start without (ms) | start with (ms) | with / without | init without (ms)"
                + " | init with (ms) | classes from a shared archive, without | with |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
        List<Double> ratios = new ArrayList<>();
        for (String function : functions) {
            double without = Stats.median(millis(off.get(function)));
            double with = Stats.median(millis(on.get(function)));
            ratios.add(with / without);
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %s | %s | %.2f | %s | %s | %s | %s |%n",
                    function,
                    Stats.spread(millis(off.get(function)), "%.0f"),
                    Stats.spread(millis(on.get(function)), "%.0f"),
                    with / without,
                    Stats.spread(init(off.get(function)), "%.0f"),
                    Stats.spread(init(on.get(function)), "%.0f"),
                    classes(off.get(function)),
                    classes(on.get(function)));
        }
        double ratio = Stats.median(ratios);
        System.out.printf(
                Locale.ROOT,
                "%nMedian of the functions' ratios: %.2f (%s: the archive %s at least %.0f %% off a start)%n",
                ratio,
                ratio <= 1 - PAYS ? "pays" : "does not pay",
                ratio <= 1 - PAYS ? "takes" : "does not take",
                PAYS * 100);
    }

    private static List<Double> millis(List<Start> starts) {
        return starts.stream().map(Start::millis).toList();
    }

    private static List<Double> init(List<Start> starts) {
        return starts.stream().map(Start::initMillis).toList();
    }

    private static String classes(List<Start> starts) {
        double shared =
                Stats.median(starts.stream().map(s -> (double) s.shared()).toList());
        double all = Stats.median(starts.stream().map(s -> (double) s.classes()).toList());
        return String.format(Locale.ROOT, "%.0f of %.0f", shared, all);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
