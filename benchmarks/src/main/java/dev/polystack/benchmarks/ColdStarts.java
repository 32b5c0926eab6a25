package dev.polystack.benchmarks;

import dev.polystack.local.lambda.FunctionVariables;
import dev.polystack.local.lambda.Invocation;
import dev.polystack.local.lambda.LambdaRuntime;
import dev.polystack.local.lambda.SamTemplate;
import dev.polystack.local.lambda.SampleEvents;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cold starts through the local Lambda runtime: for every function, a fresh JVM started as Lambda
 * starts it, from process start to its first response, then a few warm invocations of the same
 * process. Runs go round all functions once per round, so the machine's noise falls on all of them
 * alike. Each process logs the classes it loads ({@code -Xlog:class+load}); the count at the
 * moment the first response arrived is the figure.
 */
final class ColdStarts {
    static final int WARM_INVOCATIONS = 5;
    /** How far the phases placed on the benchmark's clock may be off the process's own before a split is dropped. */
    static final double CLOCK_SLACK_MILLIS = 5;
    /** The class the Runtime Interface Client loads first when its first poll for work returns (see {@link #split}). */
    static final String FIRST_INVOCATION_MARK = "com.amazonaws.services.lambda.runtime.api.client.api.LambdaContext";
    /** A function to start, from its template, with the sample event it is fed. */
    record Subject(String function, SamTemplate template, Path event) {
        String artifact() {
            return template.function(function).code().getFileName().toString();
        }

        /** Whether API Gateway invokes it (a route, or the {@code $default} route). */
        boolean http() {
            return template.function(function).hasHttpRoute();
        }
    }

    /** One fresh process: process start to first response, the REPORT line's split, classes loaded, warm durations. */
    record Run(
            double coldMillis,
            double initMillis,
            double firstInvocationMillis,
            int classesLoaded,
            int artifactClassesLoaded,
            List<Double> warmMillis,
            List<Double> warmOverheadMillis,
            List<Double> warmGcPauseMillis,
            List<Double> warmAnswerBytes,
            List<Double> warmLogLineBytes,
            double firstHandlerMillis,
            List<String> classesAfterRestore,
            String failure,
            ColdStartSplit.Split split) {}

    record Figures(Subject subject, List<Run> runs, Set<String> artifactClasses) {
        /** The runs whose first invocation answered (a failed one has only its failure). */
        private java.util.stream.Stream<Run> succeeded() {
            return runs.stream().filter(r -> r.failure() == null);
        }

        List<Double> cold() {
            return succeeded().map(Run::coldMillis).toList();
        }

        List<Double> init() {
            return succeeded().map(Run::initMillis).toList();
        }

        List<Double> firstInvocation() {
            return succeeded().map(Run::firstInvocationMillis).toList();
        }

        List<Double> classes() {
            return succeeded().map(r -> (double) r.classesLoaded()).toList();
        }

        List<Double> artifactClassCounts() {
            return succeeded().map(r -> (double) r.artifactClassesLoaded()).toList();
        }

        List<Double> warm() {
            return succeeded().flatMap(r -> r.warmMillis().stream()).toList();
        }

        /** Per warm invocation: the REPORT line's Duration minus the latency the handler logged for itself. */
        List<Double> warmOverhead() {
            return succeeded().flatMap(r -> r.warmOverheadMillis().stream()).toList();
        }

        /** Under SnapStart: per run, how many classes the process loaded after the snapshot point, by its first response. */
        List<Double> classesAfterRestore() {
            return succeeded().map(r -> (double) r.classesAfterRestore().size()).toList();
        }

        /** Under SnapStart: the classes loaded after the snapshot point in at least half of the runs, in the order loaded. */
        List<String> typicalClassesAfterRestore() {
            List<Run> ok = succeeded().toList();
            Map<String, Integer> seen = new LinkedHashMap<>();
            ok.forEach(r -> r.classesAfterRestore().forEach(c -> seen.merge(c, 1, Integer::sum)));
            return seen.entrySet().stream()
                    .filter(e -> e.getValue() * 2 >= ok.size())
                    .map(Map.Entry::getKey)
                    .toList();
        }

        /** Per warm invocation with an overhead figure, the GC pauses logged while it ran (0 for none). */
        List<Double> warmGcPause() {
            return succeeded().flatMap(r -> r.warmGcPauseMillis().stream()).toList();
        }

        /** The runtime overhead of the warm invocations during which no GC pause was logged. */
        List<Double> warmOverheadWithoutGc() {
            List<Double> without = new ArrayList<>();
            succeeded().forEach(r -> {
                for (int i = 0; i < r.warmOverheadMillis().size(); i++) {
                    if (r.warmGcPauseMillis().get(i) == 0) {
                        without.add(r.warmOverheadMillis().get(i));
                    }
                }
            });
            return without;
        }

        List<Double> warmAnswerBytes() {
            return succeeded().flatMap(r -> r.warmAnswerBytes().stream()).toList();
        }

        /** The size of the function's own log line per warm invocation (written after its latency was taken). */
        List<Double> warmLogLineBytes() {
            return succeeded().flatMap(r -> r.warmLogLineBytes().stream()).toList();
        }

        /** The latency the handler logged for itself at the first invocation. */
        List<Double> firstHandler() {
            return succeeded()
                    .filter(r -> !Double.isNaN(r.firstHandlerMillis()))
                    .map(Run::firstHandlerMillis)
                    .toList();
        }

        /** The first invocation's REPORT Duration minus the latency its handler logged. */
        List<Double> firstOverhead() {
            return succeeded()
                    .filter(r -> !Double.isNaN(r.firstHandlerMillis()))
                    .map(r -> r.firstInvocationMillis() - r.firstHandlerMillis())
                    .toList();
        }

        /** Per run with a split (see {@link ColdStarts#split}), where its init and first invocation went. */
        List<ColdStartSplit.Split> splits() {
            return succeeded().filter(r -> r.split() != null).map(Run::split).toList();
        }

        List<String> failures() {
            return runs.stream()
                    .map(Run::failure)
                    .filter(java.util.Objects::nonNull)
                    .distinct()
                    .toList();
        }
    }

    private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\":\"([^\"]+)\"");
    private static final Pattern LATENCY = Pattern.compile("\"latencyMs\":([0-9.]+)");
    /** The latency each invocation's own log line gives, by Lambda request id. */
    private final Map<String, Double> handlerLatency = new ConcurrentHashMap<>();
    /** The length of each invocation's own log line, by Lambda request id. */
    private final Map<String, Integer> logLineLength = new ConcurrentHashMap<>();

    private final FunctionVariables variables;
    private final Path workDir;
    private final PrintWriter functionLog;

    ColdStarts(FunctionVariables variables, Path workDir, PrintWriter functionLog) {
        this.variables = variables;
        this.workDir = workDir;
        this.functionLog = functionLog;
    }

    /** Every function of the template that has a sample event in {@code events/}, in template order. */
    static List<Subject> subjectsWithSampleEvents(SamTemplate template, Path eventsDir) {
        return SampleEvents.byFunction(template, eventsDir).entrySet().stream()
                .map(e -> new Subject(e.getKey(), template, e.getValue()))
                .toList();
    }

    /** {@code runs} rounds over all subjects; in SnapStart mode the runtime answers the snapshot point at the first invocation. */
    Map<String, Figures> measure(List<Subject> subjects, int runs, boolean snapStart) {
        Map<String, List<Run>> byFunction = new LinkedHashMap<>();
        Map<String, Set<String>> classesByFunction = new LinkedHashMap<>();
        subjects.forEach(s -> {
            byFunction.put(s.function(), new ArrayList<>());
            classesByFunction.put(s.function(), new TreeSet<>());
        });
        for (int round = 1; round <= runs; round++) {
            for (Subject subject : subjects) {
                System.out.printf(
                        "  %s %s, run %d of %d…%n",
                        snapStart ? "snap-start" : "cold start", subject.function(), round, runs);
                byFunction
                        .get(subject.function())
                        .add(once(subject, round, snapStart, classesByFunction.get(subject.function())));
            }
        }
        Map<String, Figures> figures = new LinkedHashMap<>();
        subjects.forEach(s -> figures.put(
                s.function(), new Figures(s, byFunction.get(s.function()), classesByFunction.get(s.function()))));
        return figures;
    }

    private Run once(Subject subject, int round, boolean snapStart, Set<String> artifactClasses) {
        Path classLog =
                workDir.resolve(subject.function() + (snapStart ? "-snapstart-" : "-") + round + ".classes.log");
        Path gcLog = workDir.resolve(subject.function() + (snapStart ? "-snapstart-" : "-") + round + ".gc.log");
        byte[] event;
        try {
            Files.deleteIfExists(classLog);
            Files.deleteIfExists(gcLog);
            event = Files.readAllBytes(subject.event());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LambdaRuntime.Config config = variables
                .config(1, line -> log(subject.function(), line))
                .withJvmOptions(List.of(
                        "-Xlog:class+load:file=" + classLog + ":timenanos,uptimenanos,tags", "-Xlog:gc:file=" + gcLog))
                .withSnapStart(snapStart);
        try (LambdaRuntime runtime = new LambdaRuntime(subject.template(), config)) {
            // Under SnapStart the process waits at the snapshot point once published: what its log holds
            // then was loaded before the snapshot, every line after it by the restore and the first invocation.
            long start = System.nanoTime();
            int atSnapshot = snapStart && runtime.publish(subject.function())
                    ? lines(classLog).size()
                    : 0;
            String firstId = UUID.randomUUID().toString();
            Invocation first = runtime.invoke(subject.function(), event, firstId);
            long firstAnswered = System.nanoTime();
            double coldMillis = (firstAnswered - start) / 1e6;
            List<String> loaded = lines(classLog);
            if (first.failed()) {
                return new Run(
                        coldMillis,
                        0,
                        0,
                        loaded.size(),
                        0,
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        Double.NaN,
                        List.of(),
                        first.errorType(),
                        null);
            }
            List<Double> warm = new ArrayList<>();
            List<Double> overhead = new ArrayList<>();
            List<Double> gcPauses = new ArrayList<>();
            List<Double> answerBytes = new ArrayList<>();
            List<Double> logLineBytes = new ArrayList<>();
            for (int i = 0; i < WARM_INVOCATIONS; i++) {
                String requestId = UUID.randomUUID().toString();
                int gcBefore = lines(gcLog).size();
                Invocation again = runtime.invoke(subject.function(), event, requestId);
                List<String> gc = lines(gcLog);
                if (!again.failed()) {
                    warm.add(again.report().durationMillis());
                    answerBytes.add((double) again.payload().length);
                    Double handler = handlerLatency.remove(requestId);
                    if (handler != null) {
                        overhead.add(again.report().durationMillis() - handler);
                        Integer lineBytes = logLineLength.remove(requestId);
                        if (lineBytes != null) {
                            logLineBytes.add((double) lineBytes);
                        }
                        gcPauses.add(pauseMillis(gc.subList(Math.min(gcBefore, gc.size()), gc.size())));
                    }
                }
            }
            // Read after the warm invocations: the first one's log line comes through another thread.
            Double firstHandler = handlerLatency.remove(firstId);
            logLineLength.remove(firstId);
            String artifact = subject.artifact();
            List<String> fromArtifact = loaded.stream()
                    .filter(line -> line.contains(artifact))
                    .map(ColdStarts::className)
                    .toList();
            artifactClasses.addAll(fromArtifact);
            Double init = first.report().initMillis();
            ColdStartSplit.Split split = snapStart || init == null
                    ? null
                    : split(loaded, start, firstAnswered, init, first.report().durationMillis());
            if (!snapStart) {
                // Beside the class log, what placed its lines in the phases, so that a split can be checked by hand.
                write(
                        workDir.resolve(subject.function() + "-" + round + ".phases.txt"),
                        String.format(
                                java.util.Locale.ROOT,
                                "invokedNanos=%d%nansweredNanos=%d%ninitMillis=%s%nfirstMillis=%s%nsplit=%s%n",
                                start,
                                firstAnswered,
                                init,
                                first.report().durationMillis(),
                                split == null ? "dropped" : "kept"));
            }
            return new Run(
                    coldMillis,
                    init == null ? Double.NaN : init,
                    first.report().durationMillis(),
                    loaded.size(),
                    fromArtifact.size(),
                    warm,
                    overhead,
                    gcPauses,
                    answerBytes,
                    logLineBytes,
                    firstHandler == null ? Double.NaN : firstHandler,
                    snapStart
                            ? loaded.subList(Math.min(atSnapshot, loaded.size()), loaded.size()).stream()
                                    .map(line -> stableName(className(line)))
                                    .toList()
                            : List.of(),
                    null,
                    split);
        }
    }

    /**
     * The runtime timed init (process start to the first poll) and the first invocation (event handed over to
     * response arrived) back to back, ending a moment before {@code invoke} returned: placed back from
     * {@code answeredNanos}, the phases come out late by the threads' hand-offs in the local runtime and here
     * (several ms on a busy machine). So the first invocation's start is taken from the process's own clock when its
     * log shows it: the Runtime Interface Client builds the invocation's {@code LambdaContext} as soon as its poll for
     * work returns, and a class loads once. Init is placed back from there. The split is dropped (null) when the log
     * contradicts the placement: the JVM's clock starting before its process, or init reaching back before
     * {@code invoke} was called.
     */
    static ColdStartSplit.Split split(
            List<String> classLog, long invokedNanos, long answeredNanos, double initMillis, double firstMillis) {
        List<ColdStartSplit.Load> loads = ColdStartSplit.parse(classLog);
        long slack = Math.round(CLOCK_SLACK_MILLIS * 1e6);
        long placed = answeredNanos - Math.round(firstMillis * 1e6);
        long firstStart = loads.stream()
                .filter(l -> l.className().equals(FIRST_INVOCATION_MARK) && l.nanos() <= placed + slack)
                .map(l -> l.nanos() - 1)
                .findFirst()
                .orElse(placed);
        long initStart = firstStart - Math.round(initMillis * 1e6);
        if (loads.isEmpty() || initStart < invokedNanos - slack || loads.get(0).jvmStartNanos() < initStart - slack) {
            return null;
        }
        return ColdStartSplit.split(loads, initStart, initMillis, firstMillis);
    }

    /** {@code [0.066s][info][class,load] dev.polystack.X source: file:/…/functions.jar} → {@code dev.polystack.X}. */
    static String className(String logLine) {
        String rest = logLine.substring(logLine.indexOf("] ", logLine.indexOf("[class,load]")) + 2);
        return rest.substring(0, rest.indexOf(' '));
    }

    /** A hidden class's name without its per-process address: {@code Foo$$Lambda$97/0x00007f…} → {@code Foo$$Lambda$97}. */
    static String stableName(String className) {
        int slash = className.indexOf('/');
        return slash < 0 ? className : className.substring(0, slash);
    }

    private static final Pattern PAUSE = Pattern.compile("\\[gc *] GC\\(\\d+\\) Pause .* ([0-9.]+)ms$");

    /** The pauses in {@code -Xlog:gc} lines, summed: {@code [1.2s][info][gc] GC(3) Pause Young (Allocation Failure) 9M->3M(15M) 1.234ms}. */
    static double pauseMillis(List<String> gcLines) {
        double millis = 0;
        for (String line : gcLines) {
            Matcher pause = PAUSE.matcher(line);
            if (pause.find()) {
                millis += Double.parseDouble(pause.group(1));
            }
        }
        return millis;
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void log(String function, String line) {
        Matcher id = REQUEST_ID.matcher(line);
        Matcher latency = LATENCY.matcher(line);
        if (id.find() && latency.find()) {
            logLineLength.put(
                    id.group(1),
                    line.substring(Math.max(0, line.indexOf('{')))
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)
                            .length);
            handlerLatency.put(id.group(1), Double.parseDouble(latency.group(1)));
        }
        synchronized (functionLog) {
            functionLog.println("[" + function + "] " + line);
        }
    }
}
