package dev.polystack.benchmarks;

import dev.polystack.local.lambda.SamTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;

/**
 * BENCHMARKS.md from the figures of one run: a summary of every target (met, or the gap and its
 * cause), then a section per target. Nothing in it is a constant: a target not measured in the
 * run says so.
 */
final class Report {
    static final double HELLO_WORLD_FACTOR = 5;
    static final double HELLO_WORLD_STRETCH = 4;
    static final double BASELINE_FACTOR = 0.5;
    static final double SNAPSTART_FACTOR = 3;
    /** How many packages a SnapStart gap's cause names, the most classes first. */
    static final int AFTER_RESTORE_PACKAGES = 5;

    static final long JAR_LIMIT_BYTES = 12_000_000;
    static final double ADDED_MILLIS_LIMIT = 2;
    static final double RUNTIME_OVERHEAD_LIMIT_MILLIS = 1;
    static final double END_TO_END_FACTOR = 1.5;
    static final double START_SECONDS_LIMIT = 5;
    static final double SUITE_MINUTES_LIMIT = 6;
    /** Where the call counts are asserted (the call-count table in docs/testing.md#measured points here). */
    static final Map<String, String> CALL_COUNT_TESTS = Map.of(
            "POST /sessions", "`UserSessionIT.sdkCallsPerUseCase`",
            "GET /users/me", "`UserSessionIT.sdkCallsPerUseCase`",
            "POST /orders", "`OrderIT.dataApiCallsPerOrder`",
            "GET /orders", "`OrderIT`",
            "POST /uploads", "`UploadIT`");

    private final Path project;
    private final int runs;
    private final String options;
    private final String started = ZonedDateTime.now(ZoneOffset.UTC)
            .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT));
    private final Map<String, String> machine;
    /** Issue 23's four targets, by number: label, figure, verdict. */
    private final Map<Integer, String[]> issueTargets = new java.util.TreeMap<>();
    /** The other targets (artifact, local stack, throughput, routes, suite): label, figure, verdict. */
    private final List<String[]> summary = new ArrayList<>();

    private final Map<Integer, String> sections = new java.util.TreeMap<>();
    private Path jar;
    private Map<String, ColdStarts.Figures> coldStarts;
    /** What the gateway adds to {@code GET /products}, from {@link #overheads}: NaN until measured. */
    private double gatewayOverheadProducts = Double.NaN;

    Report(Path project, int runs, String options) throws IOException {
        this.project = project;
        this.runs = runs;
        this.options = options;
        this.machine = Benchmarks.machine();
    }

    void artifact(Path functionsJar) {
        this.jar = functionsJar;
    }

    void coldStarts(Map<String, ColdStarts.Figures> all, SamTemplate functions) {
        this.coldStarts = all;
        ColdStarts.Figures hello = all.get("HelloWorld");
        ColdStarts.Figures baseline = all.get("TutorialGetMe");
        double helloMedian = Stats.median(hello.cold());
        double baselineMedian = Stats.median(baseline.cold());
        StringBuilder md = new StringBuilder();
        md.append(
                        "Process start to first response through the local Lambda runtime (`LambdaRuntime`: a fresh JVM per run, started as ")
                .append(
                        "Lambda's java21 runtime starts it, with AWS's Runtime Interface Client), each function fed its sample event from ")
                .append("`events/` against the local stack; ")
                .append(runs)
                .append(" runs, going round all functions once per run. ")
                .append(
                        "Median (min–max) in ms. *Init* is Lambda's Init Duration (JVM start to the first poll for work), *first* ")
                .append("the first invocation's Duration; *warm* the median of ")
                .append(ColdStarts.WARM_INVOCATIONS)
                .append(
                        " more invocations of the same process; *runtime overhead* the median, over those warm invocations, of the REPORT ")
                .append(
                        "line's Duration minus the latency the function logged for itself (reading the event and writing the answer, in and ")
                .append("out of the Runtime Interface Client). Classes: loaded by the time the first response arrived ")
                .append(
                        "(`-Xlog:class+load`), all of them / from the function's jar. Targets (issue 23, target 1): every HTTP ")
                .append("function at most ")
                .append(fmt(BASELINE_FACTOR))
                .append(
                        "× the tutorial-style baseline (`GET /users/me` with the client, enhanced client and bean schema built in ")
                .append(
                        "the handler, default HTTP client: `benchmarks/…/coldstart/TutorialProfileHandler`) and at most ")
                .append(fmt(HELLO_WORLD_FACTOR))
                .append("× the hello-world (the stretch is ")
                .append(fmt(HELLO_WORLD_STRETCH))
                .append("×); the functions API Gateway does not invoke (*not HTTP* below) are shown, not judged. ")
                .append("Target 3: the runtime overhead at most ")
                .append(fmt(RUNTIME_OVERHEAD_LIMIT_MILLIS))
                .append(" ms for every HTTP function.\n\n");
        md.append(
                "| Function | Cold start | × hello-world | × baseline | Init | First | Warm | Runtime overhead | Classes (all / jar) |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        List<String> over = new ArrayList<>();
        List<String> overStretch = new ArrayList<>();
        List<Double> overInit = new ArrayList<>();
        List<Double> overFirst = new ArrayList<>();
        List<Double> httpColdStarts = new ArrayList<>();
        List<String> notHttp = new ArrayList<>();
        double worstHello = 0;
        double worstBaseline = 0;
        String worst = "";
        for (ColdStarts.Figures f : all.values()) {
            double median = Stats.median(f.cold());
            boolean reference = f == hello || f == baseline;
            boolean judged = !reference && f.subject().http();
            double toHello = median / helloMedian;
            double toBaseline = median / baselineMedian;
            if (!reference && !judged) {
                notHttp.add(f.subject().function());
            }
            md.append("| ")
                    .append(
                            reference
                                    ? "*" + f.subject().function() + "*"
                                    : f.subject().function() + (judged ? "" : " (not HTTP)"))
                    .append(" | ")
                    .append(Stats.spread(f.cold(), "%.0f"))
                    .append(" | ")
                    .append(Stats.format("%.1f", toHello))
                    .append(" | ")
                    .append(Stats.format("%.2f", toBaseline))
                    .append(" | ")
                    .append(Stats.format("%.0f", Stats.median(f.init())))
                    .append(" | ")
                    .append(Stats.format("%.0f", Stats.median(f.firstInvocation())))
                    .append(" | ")
                    .append(Stats.format("%.1f", Stats.median(f.warm())))
                    .append(" | ")
                    .append(Stats.format("%.2f", Stats.median(f.warmOverhead())))
                    .append(" | ")
                    .append(Stats.format("%.0f", Stats.median(f.classes())))
                    .append(" / ")
                    .append(Stats.format("%.0f", Stats.median(f.artifactClassCounts())))
                    .append(f.failures().isEmpty() ? "" : " (failed: " + String.join(", ", f.failures()) + ")")
                    .append(" |\n");
            if (!judged) {
                continue;
            }
            httpColdStarts.add(median);
            if (toHello > HELLO_WORLD_FACTOR
                    || toBaseline > BASELINE_FACTOR
                    || !f.failures().isEmpty()) {
                over.add(f.subject().function());
                overInit.add(Stats.median(f.init()));
                overFirst.add(Stats.median(f.firstInvocation()));
            }
            if (!(toHello <= HELLO_WORLD_STRETCH)) {
                overStretch.add(f.subject().function());
            }
            if (toHello > worstHello) {
                worstHello = toHello;
                worstBaseline = toBaseline;
                worst = f.subject().function();
            }
        }
        int functionCount = httpColdStarts.size();
        String figure = String.format(
                Locale.ROOT,
                "hello-world %.0f ms, baseline %.0f ms; the %d HTTP functions %s ms; slowest %s: %.1f× hello-world, %.2f× baseline",
                helloMedian,
                baselineMedian,
                functionCount,
                range(httpColdStarts),
                worst,
                worstHello,
                worstBaseline);
        String stretch = overStretch.isEmpty()
                ? "the stretch (≤ " + fmt(HELLO_WORLD_STRETCH) + "× hello-world) met as well"
                : "the stretch (≤ " + fmt(HELLO_WORLD_STRETCH) + "× hello-world) missed by " + overStretch.size()
                        + " of " + functionCount;
        String verdict;
        if (over.isEmpty()) {
            verdict = "met for all " + functionCount + " HTTP functions; " + stretch;
        } else {
            List<ColdStarts.Figures> gap =
                    over.stream().map(all::get).filter(f -> f != null).toList();
            verdict = String.format(
                    Locale.ROOT,
                    "**gap** for %d of %d HTTP functions (%s): their init takes %s ms (%s classes against the hello-world's "
                            + "%s) and their first invocation %s ms; by what the process was loading (section 1's split; the "
                            + "median over these functions, then the hello-world's and the baseline's): %s; %s; priming under "
                            + "SnapStart (target 2) is what would remove the first invocation's part; %s",
                    over.size(),
                    functionCount,
                    String.join(", ", over),
                    range(overInit),
                    Stats.format(
                            "%.0f",
                            Stats.median(all.entrySet().stream()
                                    .filter(e -> over.contains(e.getKey()))
                                    .map(e -> Stats.median(e.getValue().classes()))
                                    .toList())),
                    Stats.format("%.0f", Stats.median(hello.classes())),
                    range(overFirst),
                    splitCause("init", gap, hello, baseline, true),
                    splitCause("first invocation", gap, hello, baseline, false),
                    stretch);
        }
        if (!notHttp.isEmpty()) {
            verdict += "; not judged (not invoked by API Gateway): " + String.join(", ", notHttp);
        }
        issueTargets.put(1, new String[] {
            "1. Cold start without SnapStart: every HTTP function ≤ " + fmt(BASELINE_FACTOR)
                    + "× the tutorial baseline and ≤ " + fmt(HELLO_WORLD_FACTOR) + "× the hello-world (stretch "
                    + fmt(HELLO_WORLD_STRETCH) + "×)",
            figure,
            verdict
        });
        String overheadVerdict = runtimeOverhead(all);
        sections.put(
                1,
                "## 1. Cold start per function\n\n" + md + "\n" + splitTables(all) + "\nTarget 1: " + verdict
                        + ".\n\nTarget 3 (runtime overhead): " + overheadVerdict + ".\n");
    }

    /** Groups a split's text names, the most time first. */
    static final int SPLIT_GROUPS_NAMED = 4;
    /**
     * The cross-check: the time after a phase's last class load, which the loads do not explain, at most this share
     * of it or {@link #UNEXPLAINED_MILLIS_LIMIT}, whichever is more (a 2 ms phase is not judged by its share).
     */
    static final double UNEXPLAINED_SHARE_LIMIT = 0.10;

    static final double UNEXPLAINED_MILLIS_LIMIT = 5;

    /** The groups of the split tables, in their column order. */
    private static final List<ColdStartSplit.Group> SPLIT_COLUMNS = List.of(ColdStartSplit.Group.values());

    /** The init and first-invocation split of every function: per group, the median over its runs of ms / classes. */
    static String splitTables(Map<String, ColdStarts.Figures> all) {
        StringBuilder md = new StringBuilder();
        md.append(
                        "Where init and the first invocation go, by what the process was loading. Each function JVM logs its class loads ")
                .append(
                        "with the `System.nanoTime()` clock the benchmark shares (`-Xlog:class+load:file=…:timenanos,uptimenanos,tags`), so ")
                .append(
                        "every load falls in init or in the first invocation as the runtime timed them. The time from one load to the ")
                .append(
                        "next is charged to the group of the class loaded at the end of that gap; *JVM start* is process start to the ")
                .append(
                        "JVM's first class load; *after the last load* is the rest of the phase, when nothing was loaded. Its limit: time ")
                .append(
                        "spent running code between two loads (a static initialiser, a network wait, a hash) goes to the next class ")
                .append(
                        "loaded, whichever it is, so a group's figure is the time the process took to reach its classes' loads. Groups ")
                .append(
                        "by class name: JDK (`java.`, `javax.`, `jdk.`, `sun.`, `com.sun.`), Runtime client (`com.amazonaws.services.lambda.` ")
                .append(
                        "and its shaded Jackson: the Runtime Interface Client, its serialization, the events library), Jackson ")
                .append(
                        "(`com.fasterxml.`), SDK core (every other `software.amazon.awssdk.`: core, HTTP, auth, regions, protocols, ")
                .append(
                        "utils), SDK service models (`software.amazon.awssdk.services.`), Enhanced client (`software.amazon.awssdk.enhanced.`), ")
                .append(
                        "polystack (`dev.polystack.`, the references' handlers included), other. Each cell: the median over the runs ")
                .append(
                        "of ms / classes (medians, so a row's cells need not add up to its phase; in each run they add up to the ")
                .append(
                        "REPORT line's Init Duration or Duration, the phase's length). Cross-check: *loads explain*, the share of the ")
                .append("phase before its last load; the time after it at most ")
                .append(Stats.format("%.0f", 100 * UNEXPLAINED_SHARE_LIMIT))
                .append(" % of the phase or ")
                .append(fmt(UNEXPLAINED_MILLIS_LIMIT))
                .append(
                        " ms, in bold when more. A run is left out when its log contradicts the phases' placement (the JVM's clock ")
                .append(
                        "starting before its process); *runs* says how many were split (the method and its limits: docs/coldstart.md).\n\n");
        for (boolean init : List.of(true, false)) {
            md.append("| ").append(init ? "Init" : "First invocation").append(" | ms | runs | loads explain |");
            SPLIT_COLUMNS.forEach(g -> md.append(' ').append(g.label).append(" |"));
            md.append("\n| --- | ---: | ---: | ---: |");
            SPLIT_COLUMNS.forEach(g -> md.append(" ---: |"));
            md.append('\n');
            for (ColdStarts.Figures f : all.values()) {
                ColdStartSplit.Phase phase = typicalPhase(f, init);
                md.append("| ").append(f.subject().function());
                if (phase == null) {
                    md.append(" | – | 0 | – |");
                    SPLIT_COLUMNS.forEach(g -> md.append(" – |"));
                    md.append('\n');
                    continue;
                }
                md.append(" | ")
                        .append(Stats.format("%.0f", phase.millis()))
                        .append(" | ")
                        .append(f.splits().size())
                        .append(" | ")
                        .append(explained(phase))
                        .append(" |");
                for (ColdStartSplit.Group g : SPLIT_COLUMNS) {
                    md.append(' ')
                            .append(Stats.format("%.0f", phase.groupMillis().get(g)));
                    if (g != ColdStartSplit.Group.JVM_START && g != ColdStartSplit.Group.AFTER_LAST_LOAD) {
                        md.append(" / ").append(phase.groupClasses().get(g));
                    }
                    md.append(" |");
                }
                md.append('\n');
            }
            md.append('\n');
        }
        return md.toString();
    }

    /** A function's init or first invocation, each group's median over its runs; null when no run was split. */
    static ColdStartSplit.Phase typicalPhase(ColdStarts.Figures f, boolean init) {
        return ColdStartSplit.median(
                f.splits().stream().map(s -> init ? s.init() : s.first()).toList());
    }

    /** {@code 97 %}, in bold when the loads explain less than the cross-check asks. */
    private static String explained(ColdStartSplit.Phase phase) {
        String text = Stats.format("%.0f", 100 * phase.attributedMillis() / phase.millis()) + " %";
        return explains(phase) ? text : "**" + text + "**";
    }

    /** Whether a phase passes the cross-check: its loads leave at most the share or the ms allowed unexplained. */
    static boolean explains(ColdStartSplit.Phase phase) {
        double unexplained = phase.millis() - phase.attributedMillis();
        return unexplained <= Math.max(UNEXPLAINED_SHARE_LIMIT * phase.millis(), UNEXPLAINED_MILLIS_LIMIT);
    }

    /**
     * A phase's cause for a gap: the groups the most time went to, as the median over the functions of each one's
     * median, with the hello-world's and the baseline's beside: {@code init 363 ms: SDK core 140 ms / 1200 classes
     * (hello-world 0 ms / 0, baseline 150 ms / 1300), …}; the functions whose loads explain too little of it named.
     */
    static String splitCause(
            String name,
            List<ColdStarts.Figures> functions,
            ColdStarts.Figures hello,
            ColdStarts.Figures baseline,
            boolean init) {
        List<ColdStartSplit.Phase> phases = functions.stream()
                .map(f -> typicalPhase(f, init))
                .filter(p -> p != null)
                .toList();
        ColdStartSplit.Phase typical = ColdStartSplit.median(phases);
        if (typical == null) {
            return name + " not split (no class-load log with timestamps)";
        }
        ColdStartSplit.Phase helloPhase = hello == null ? null : typicalPhase(hello, init);
        ColdStartSplit.Phase baselinePhase = baseline == null ? null : typicalPhase(baseline, init);
        List<String> groups = typical.groupMillis().entrySet().stream()
                .sorted(Map.Entry.<ColdStartSplit.Group, Double>comparingByValue()
                        .reversed())
                .limit(SPLIT_GROUPS_NAMED)
                .map(e -> e.getKey().label + " " + groupFigure(typical, e.getKey(), " ms", " classes")
                        + " (hello-world " + groupFigure(helloPhase, e.getKey(), "", "") + ", baseline "
                        + groupFigure(baselinePhase, e.getKey(), "", "") + ")")
                .toList();
        List<String> unexplained = functions.stream()
                .filter(f -> {
                    ColdStartSplit.Phase p = typicalPhase(f, init);
                    return p != null && !explains(p);
                })
                .map(f -> f.subject().function())
                .toList();
        return name + " " + Stats.format("%.0f", typical.millis()) + " ms: " + String.join(", ", groups)
                + (unexplained.isEmpty()
                        ? ""
                        : " (the cross-check fails for " + String.join(", ", unexplained)
                                + ": class loads explain too little of it)");
    }

    /** A group's {@code 140 ms / 1200 classes} (with those units); {@code –} without a split. */
    private static String groupFigure(
            ColdStartSplit.Phase phase, ColdStartSplit.Group group, String millisUnit, String classesUnit) {
        if (phase == null) {
            return "–";
        }
        String millis = Stats.format("%.0f", phase.groupMillis().get(group)) + millisUnit;
        return group == ColdStartSplit.Group.JVM_START || group == ColdStartSplit.Group.AFTER_LAST_LOAD
                ? millis
                : millis + " / " + phase.groupClasses().get(group) + classesUnit;
    }

    /**
     * Issue 23's target 3 from the cold-start runs' warm invocations: every HTTP function's median REPORT Duration
     * minus its own latency at most 1 ms; for each above it, what the run measured beside it (GC pauses logged during
     * those invocations, the median without them, the answer's size). The verdict; its row goes to the summary.
     */
    private String runtimeOverhead(Map<String, ColdStarts.Figures> all) {
        List<Double> medians = new ArrayList<>();
        List<String> over = new ArrayList<>();
        List<String> notHttp = new ArrayList<>();
        for (ColdStarts.Figures f : all.values()) {
            if (f.subject().function().equals("HelloWorld")
                    || f.subject().function().equals("TutorialGetMe")) {
                continue;
            }
            if (!f.subject().http()) {
                notHttp.add(f.subject().function());
                continue;
            }
            double median = Stats.median(f.warmOverhead());
            medians.add(median);
            if (!(median <= RUNTIME_OVERHEAD_LIMIT_MILLIS)) {
                over.add(
                        f.subject().function() + " " + Stats.format("%.2f", median) + " ms (" + overheadCause(f) + ")");
            }
        }
        String verdict = over.isEmpty()
                ? "met for all " + medians.size() + " HTTP functions"
                : "**gap** for " + over.size() + " of " + medians.size() + " HTTP functions: "
                        + String.join("; ", over);
        if (!notHttp.isEmpty()) {
            verdict += "; not in the target (not invoked by API Gateway): " + String.join(", ", notHttp);
        }
        issueTargets.put(3, new String[] {
            "3. Runtime overhead: REPORT Duration minus the handler's own latency ≤ "
                    + fmt(RUNTIME_OVERHEAD_LIMIT_MILLIS) + " ms at the median, every HTTP function, warm",
            "HTTP functions " + range(medians, "%.2f") + " ms (median of " + ColdStarts.WARM_INVOCATIONS
                    + " warm invocations × " + runs + " runs each)",
            verdict
        });
        return verdict;
    }

    /** What the run measured beside a runtime overhead above the target. */
    static String overheadCause(ColdStarts.Figures f) {
        List<Double> pauses = f.warmGcPause();
        List<Double> withGc = pauses.stream().filter(p -> p > 0).toList();
        String gc = withGc.isEmpty()
                ? "no GC pause logged during any of its " + pauses.size() + " warm invocations"
                : String.format(
                        Locale.ROOT,
                        "a GC pause during %d of its %d warm invocations (median %.2f ms), median overhead without them %s ms",
                        withGc.size(),
                        pauses.size(),
                        Stats.median(withGc),
                        Stats.format("%.2f", Stats.median(f.warmOverheadWithoutGc())));
        return gc + "; answer " + Stats.format("%.0f", Stats.median(f.warmAnswerBytes())) + " bytes, its own log line "
                + Stats.format("%.0f", Stats.median(f.warmLogLineBytes()))
                + " bytes (written after its latency is taken)";
    }

    void snapStarts(Map<String, ColdStarts.Figures> all) {
        StringBuilder md = new StringBuilder();
        md.append(
                        "The local runtime's SnapStart mode (`LambdaRuntime.Config.snapStart`: `AWS_LAMBDA_INITIALIZATION_TYPE=snap-start`, the ")
                .append(
                        "Runtime Interface Client runs init and the `beforeCheckpoint` hooks, then waits on `GET /runtime/restore/next`, ")
                .append(
                        "answered at the first invocation). No snapshot is taken locally: the process waits at the snapshot point. ")
                .append(
                        "Every function registers an `org.crac` priming resource (`shared/lambda/SnapStartHooks`): before the snapshot it runs ")
                .append(
                        "its own path on a synthetic event that writes nothing (each route as far as its own validation or a store call that ")
                .append(
                        "changes nothing, the authorizer with an unknown token, scheduled functions' reads without their writes; object and ")
                .append("deploy events are only read; docs/snapstart.md lists each) and one request per SDK client ")
                .append(
                        "it built (a read of a key that does not exist, `SELECT 1`, a presigned URL), the adapters' writes (refused by ")
                .append(
                        "DynamoDB, or answered inside the process by a client for primers: nothing sent), Argon2 and JSON. Figures: the first ")
                .append("invocation after the restore (its Duration, the restore itself not included) against the ")
                .append("same process's steady state (median of ")
                .append(ColdStarts.WARM_INVOCATIONS)
                .append(" warm invocations), ")
                .append(runs)
                .append(
                        " runs. *Runtime path*: the REPORT Duration minus the latency the handler logged, at the first ")
                .append(
                        "invocation and warm (median). *Classes loaded after restore*: the lines `-Xlog:class+load` wrote between ")
                .append(
                        "the snapshot point (`LambdaRuntime.publish` returned) and the first response: the restore request, the ")
                .append("`afterRestore` hooks and the first invocation. Target (issue 23, target 2): at most ")
                .append(fmt(SNAPSTART_FACTOR))
                .append("×.\n\n");
        md.append(
                "| Function | First invocation after restore (ms) | Steady state (ms) | Ratio | Runtime path, first / warm (ms) "
                        + "| Classes loaded after restore |\n"
                        + "| --- | ---: | ---: | ---: | ---: | ---: |\n");
        List<String> over = new ArrayList<>();
        List<String> causes = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (ColdStarts.Figures f : all.values()) {
            double first = Stats.median(f.firstInvocation());
            double warm = Stats.median(f.warm());
            double ratio = first / warm;
            ratios.add(ratio);
            md.append("| ")
                    .append(f.subject().function())
                    .append(" | ")
                    .append(Stats.spread(f.firstInvocation(), "%.0f"))
                    .append(" | ")
                    .append(Stats.format("%.1f", warm))
                    .append(" | ")
                    .append(Stats.format("%.1f", ratio))
                    .append("× | ")
                    .append(Stats.format("%.2f", Stats.median(f.firstOverhead())))
                    .append(" / ")
                    .append(Stats.format("%.2f", Stats.median(f.warmOverhead())))
                    .append(" | ")
                    .append(Stats.spread(f.classesAfterRestore(), "%.0f"))
                    .append(" |\n");
            if (!(ratio <= SNAPSTART_FACTOR)) {
                over.add(f.subject().function());
                causes.add(f.subject().function() + ": " + firstInvocationSplit(f) + "; " + afterRestore(f));
            }
        }
        String verdict = over.isEmpty()
                ? "met for all " + all.size() + " functions"
                : "**gap** for " + over.size() + " of " + all.size() + " functions (" + String.join(", ", over)
                        + ", above "
                        + fmt(SNAPSTART_FACTOR)
                        + "×): what their first invocation does that priming did not ("
                        + String.join("; ", causes)
                        + "; each function's `beforeCheckpoint` line in benchmarks/target/bench/function-logs.log says what was primed)";
        issueTargets.put(2, new String[] {
            "2. SnapStart: the first invocation after restore ≤ " + fmt(SNAPSTART_FACTOR) + "× steady state for all "
                    + all.size() + " functions",
            "with priming: " + range(ratios, "%.1f") + "× steady state",
            verdict
        });
        sections.put(2, "## 2. SnapStart, with priming\n\n" + md + "\n" + verdict + ".\n");
    }

    /** The first invocation after the restore against the steady state, in and outside the handler. */
    static String firstInvocationSplit(ColdStarts.Figures f) {
        double warmOverhead = Stats.median(f.warmOverhead());
        return String.format(
                Locale.ROOT,
                "first invocation %s ms, of which its handler logged %s ms and the runtime path outside it took %s ms, "
                        + "against %s and %s ms warm",
                Stats.format("%.2f", Stats.median(f.firstInvocation())),
                Stats.format("%.2f", Stats.median(f.firstHandler())),
                Stats.format("%.2f", Stats.median(f.firstOverhead())),
                Stats.format("%.2f", Stats.median(f.warm()) - warmOverhead),
                Stats.format("%.2f", warmOverhead));
    }

    /** The classes a function loaded after the restore in most runs, by package, the largest packages first. */
    static String afterRestore(ColdStarts.Figures f) {
        List<String> classes = f.typicalClassesAfterRestore();
        if (classes.isEmpty()) {
            return "no class loaded after the restore";
        }
        Map<String, List<String>> byPackage = new LinkedHashMap<>();
        classes.forEach(c -> byPackage
                .computeIfAbsent(c.contains(".") ? c.substring(0, c.lastIndexOf('.')) : "", p -> new ArrayList<>())
                .add(c.substring(c.lastIndexOf('.') + 1)));
        return classes.size() + " classes loaded after the restore in most runs, "
                + byPackage.entrySet().stream()
                        .sorted(Comparator.comparing((Map.Entry<String, List<String>> e) ->
                                        e.getValue().size())
                                .reversed())
                        .limit(AFTER_RESTORE_PACKAGES)
                        .map(e -> "`" + e.getKey() + "` " + e.getValue().size() + " ("
                                + String.join(
                                        ", ",
                                        e.getValue()
                                                .subList(
                                                        0,
                                                        Math.min(3, e.getValue().size())))
                                + (e.getValue().size() > 3 ? ", …" : "") + ")")
                        .collect(Collectors.joining(", "))
                + (byPackage.size() > AFTER_RESTORE_PACKAGES
                        ? ", " + (byPackage.size() - AFTER_RESTORE_PACKAGES) + " more packages"
                        : "");
    }

    void overheads(List<LocalStackOverhead.Comparison> comparisons) {
        StringBuilder md = new StringBuilder();
        md.append("Round trips in one process, alternating call by call between the two ways; ")
                .append(LocalStackOverhead.ROUNDS)
                .append(" rounds of ")
                .append(LocalStackOverhead.CALLS_PER_ROUND)
                .append(" calls each, after a warm-up; per round the ")
                .append("median of each way, then the median (min–max) over rounds, in ms. Target: at most ")
                .append(fmt(ADDED_MILLIS_LIMIT))
                .append(" ms added at the median.\n\n");
        md.append(
                "| Work | Through | Median | Directly | Median | Added |\n| --- | --- | ---: | --- | ---: | ---: |\n");
        List<String> over = new ArrayList<>();
        List<String> figures = new ArrayList<>();
        for (LocalStackOverhead.Comparison c : comparisons) {
            double added = Stats.median(c.added());
            md.append("| ")
                    .append(c.what())
                    .append(" | ")
                    .append(c.via())
                    .append(" | ")
                    .append(Stats.spread(c.viaMedians(), "%.2f"))
                    .append(" | ")
                    .append(c.direct())
                    .append(" | ")
                    .append(Stats.spread(c.directMedians(), "%.2f"))
                    .append(" | ")
                    .append(Stats.spread(c.added(), "%.2f"))
                    .append(" |\n");
            if (!c.counts()) {
                continue;
            }
            if (c.what().startsWith("`GET /products`")) {
                gatewayOverheadProducts = added;
            }
            figures.add(c.what().replace("`", "") + " +" + Stats.format("%.2f", added) + " ms");
            if (!(added <= ADDED_MILLIS_LIMIT)) {
                over.add(c.what());
            }
        }
        String verdict = over.isEmpty() ? "met" : "**gap** for " + String.join(", ", over);
        md.append(
                        "\nThe rows for information are what a function pays through the SDK (marshalling, SigV4 signing, interceptors, the ")
                .append(
                        "URLConnection client): the client's own cost, paid against AWS as well, not the emulator's.\n");
        summary.add(new String[] {
            "4a. Data API emulator and gateway overhead (≤ " + fmt(ADDED_MILLIS_LIMIT) + " ms)",
            String.join("; ", figures),
            verdict
        });
        sections.put(
                4,
                "## 4. Local stack\n\n### What the Data API emulator and the gateway add\n\n" + md + "\n" + verdict
                        + ".\n");
    }

    /**
     * Issue 23's target 4: warm {@code GET /products} end to end against the sum of its parts (the emulator's time
     * for the catalogue's SELECT, measured beside it, and the gateway's own overhead from {@link #overheads}), and
     * what the rest of the time is, from ListProducts' own log lines.
     */
    void endToEnd(EndToEnd.Figures e) {
        double total = e.endToEndMedian();
        double emulator = Stats.median(e.emulator());
        double parts = e.parts(gatewayOverheadProducts);
        double ratio = e.ratio(gatewayOverheadProducts);
        StringBuilder md = new StringBuilder("\n### `GET /products` end to end against its parts\n\n");
        md.append(
                        "Through the local stack as `local/start` runs it (the gateway, ListProducts in its own process through the ")
                .append("Runtime Interface Client, the Data API emulator, PostgreSQL), one request at a time after ")
                .append(EndToEnd.WARM_UP)
                .append(" of warm-up; ")
                .append(EndToEnd.REQUESTS)
                .append(" requests, each followed by the catalogue's SELECT (`")
                .append(LocalStackOverhead.CATALOG_SQL)
                .append(
                        "`) sent straight to the Data API emulator, so both see the same rows and the same noise. The parts, as ")
                .append(
                        "issue 23 names them: the emulator's time for that SQL, and the gateway's own overhead (the `GET /products` ")
                .append(
                        "row above). The rest is split with ListProducts' own log line and REPORT line for each of the ")
                .append(e.invocations().size())
                .append(
                        " invocations: its store call (the Data API call through the functions' SDK client), its own code (its ")
                .append(
                        "latency minus that call), the runtime path in its process (REPORT Duration minus its latency); what is left ")
                .append(
                        "of the request is the local runtime's hop to the process and back (the runtime API) and the client's. ")
                .append("Medians in ms, so they add up only roughly. Target: at most ")
                .append(fmt(END_TO_END_FACTOR))
                .append("× the sum of the parts.\n\n");
        md.append("| | Median (ms) |\n| --- | ---: |\n");
        row(md, "`GET /products` end to end (answers: " + statuses(e.statuses()) + ")", total);
        row(md, "part: the Data API emulator, catalogue SELECT over HTTP", emulator);
        row(md, "part: the gateway's own overhead", gatewayOverheadProducts);
        row(md, "sum of the parts", parts);
        row(md, "ratio (end to end / sum of the parts)", ratio);
        row(md, "rest: ListProducts' store call (Data API through the SDK client)", e.storeMedian());
        row(md, "rest: ListProducts' own code (its latency minus its store call)", e.ownMedian());
        row(md, "rest: the runtime path in its process (REPORT Duration minus its latency)", e.runtimeMedian());
        row(
                md,
                "rest: the local runtime's hop and the client (end to end minus the gateway's overhead and REPORT Duration)",
                total - gatewayOverheadProducts - e.durationMedian());
        String verdict;
        if (Double.isNaN(ratio)) {
            verdict = "not judged: the gateway's overhead was not measured in this run";
        } else if (ratio <= END_TO_END_FACTOR) {
            verdict = "met";
        } else {
            verdict = String.format(
                    Locale.ROOT,
                    "**gap**: %.1f× the parts; of the %.2f ms beyond them, ListProducts' Data API call through the SDK client takes "
                            + "%.2f ms (%.2f ms more than the emulator's own time for the SQL), its own code %.2f ms, the runtime path in "
                            + "its process %.2f ms, and the local runtime's hop to the process and back %.2f ms",
                    ratio,
                    total - parts,
                    e.storeMedian(),
                    e.storeMedian() - emulator,
                    e.ownMedian(),
                    e.runtimeMedian(),
                    total - gatewayOverheadProducts - e.durationMedian());
        }
        md.append('\n').append(verdict).append(".\n");
        sections.merge(4, md.toString(), String::concat);
        issueTargets.put(4, new String[] {
            "4. End to end: warm `GET /products` through the local stack ≤ " + fmt(END_TO_END_FACTOR)
                    + "× the sum of its parts (the Data API emulator's time for the SQL plus the gateway's own overhead), median of "
                    + EndToEnd.REQUESTS,
            String.format(
                    Locale.ROOT,
                    "%s ms end to end; parts %s ms (emulator %s + gateway %s); %s×",
                    Stats.format("%.2f", total),
                    Stats.format("%.2f", parts),
                    Stats.format("%.2f", emulator),
                    Stats.format("%.2f", gatewayOverheadProducts),
                    Stats.format("%.1f", ratio)),
            verdict
        });
    }

    private static void row(StringBuilder md, String what, double millis) {
        md.append("| ")
                .append(what)
                .append(" | ")
                .append(Stats.format("%.2f", millis))
                .append(" |\n");
    }

    private static String statuses(Map<Integer, Integer> statuses) {
        return statuses.entrySet().stream()
                .map(s -> s.getKey() + ": " + s.getValue())
                .collect(Collectors.joining(", "));
    }

    void localStart(CommandTimes.Start start) {
        boolean allSkipped = start.built().stream().noneMatch(b -> b);
        double median = Stats.median(start.readySeconds());
        String verdict = median <= START_SECONDS_LIMIT
                ? "met"
                : "**gap**: no build runs, so this is the stack's own start: PostgreSQL's "
                        + "initdb and start are on the critical path (DynamoDB Local and S3Proxy start beside them), then the schema migration in a "
                        + "cold function process; the parts already start in parallel, but on this machine's "
                        + machine.get("cores")
                        + " cores, shared (load average " + machine.get("load")
                        + " at the start), they wait for the CPU. Next step: start "
                        + "throwaway clusters from a cached initdb'd template instead of running initdb every time";
        String md = "\n### `local/start` on a warm build\n\nFrom the command to its ready line, "
                + start.readySeconds().size()
                + " runs after `benchmarks/run` built the project; the build step was "
                + (allSkipped
                        ? "skipped in every run (nothing had changed)"
                        : "run in " + start.built().stream().filter(b -> b).count() + " runs")
                + ". Target: at most " + fmt(START_SECONDS_LIMIT) + " s.\n\n"
                + "| Ready after | " + Stats.spread(start.readySeconds(), "%.1f") + " s |\n| --- | --- |\n\n" + verdict
                + ".\n";
        sections.merge(4, md, String::concat);
        summary.add(new String[] {
            "4b. `local/start` ready on a warm build (≤ " + fmt(START_SECONDS_LIMIT) + " s)",
            Stats.spread(start.readySeconds(), "%.1f") + " s",
            verdict
        });
    }

    void throughput(List<Throughput.Level> levels) {
        StringBuilder md = new StringBuilder();
        md.append(
                        "`POST /orders` through the local gateway, every function in its own process (at most 4 environments per function, as ")
                .append(
                        "the local runtime caps them), each client with its own user and session, one unit of a random product of three per ")
                .append("order; two products plentiful, one with ")
                .append(Throughput.SCARCE)
                .append(" units so that it sells out in every run ")
                .append("(409 `OUT_OF_STOCK`). Latency over all order requests, in ms.\n\n");
        md.append(
                "| Clients | Seconds | Orders/s (201) | p50 | p99 | Answers | initial = remaining + sold | no oversell | 1 unit per 201 | Invariants |\n");
        md.append("| ---: | ---: | ---: | ---: | ---: | --- | --- | --- | --- | --- |\n");
        boolean allHold = true;
        List<String> figures = new ArrayList<>();
        for (Throughput.Level l : levels) {
            allHold &= l.invariantsHold();
            md.append("| ")
                    .append(l.clients())
                    .append(" | ")
                    .append(Stats.format("%.0f", l.seconds()))
                    .append(" | ")
                    .append(Stats.format("%.1f", l.ordersPerSecond()))
                    .append(" | ")
                    .append(Stats.format("%.0f", Stats.percentile(l.latencies(), 50)))
                    .append(" | ")
                    .append(Stats.format("%.0f", Stats.percentile(l.latencies(), 99)))
                    .append(" | ")
                    .append(l.statuses().entrySet().stream()
                            .map(e -> e.getKey() + ": " + e.getValue())
                            .collect(Collectors.joining(", ")))
                    .append(" | ")
                    .append(yes(l.conserved()))
                    .append(" | ")
                    .append(yes(l.noOversell()))
                    .append(" | ")
                    .append(yes(l.oneUnitPerOrder()))
                    .append(" | ")
                    .append(l.invariantsHold() ? "hold" : "**broken**")
                    .append(" |\n");
            figures.add(String.format(
                    Locale.ROOT,
                    "%d client%s: %.1f orders/s, p99 %.0f ms",
                    l.clients(),
                    l.clients() == 1 ? "" : "s",
                    l.ordersPerSecond(),
                    Stats.percentile(l.latencies(), 99)));
        }
        String verdict = allHold ? "stock invariants hold at every level" : "**an invariant broke**";
        summary.add(new String[] {"5. Throughput under contention", String.join("; ", figures), verdict});
        sections.put(5, "## 5. Throughput under contention\n\n" + md + "\n" + verdict + ".\n");
    }

    void routes(List<RouteLatencies.RouteFigures> routes, String authorizerCalls) {
        StringBuilder md = new StringBuilder();
        md.append(
                        "Every route through the local gateway, functions as processes (the authorizer, itself a function process, in front of ")
                .append("guarded routes), one request at a time after ")
                .append(RouteLatencies.WARM_UP)
                .append(" warm-up requests; ")
                .append(RouteLatencies.MEASURED)
                .append(" measured. Store calls per invocation as the function's own log line reports them ")
                .append(
                        "in this run (the typical one); the tests named assert them exactly. Every guarded route also runs the authorizer: ")
                .append(authorizerCalls)
                .append(".\n\n");
        md.append(
                "| Route | Function | Store calls per invocation | Asserted by | p50 (ms) | p99 (ms) | Answers |\n| --- | --- | --- | --- | ---: | ---: | --- |\n");
        List<Double> p50s = new ArrayList<>();
        for (RouteLatencies.RouteFigures r : routes) {
            if (!r.latencies().isEmpty()) {
                p50s.add(Stats.percentile(r.latencies(), 50));
            }
            md.append("| `")
                    .append(r.routeKey())
                    .append("` | ")
                    .append(r.function())
                    .append(" | ")
                    .append(r.calls())
                    .append(" | ")
                    .append(CALL_COUNT_TESTS.getOrDefault(r.routeKey(), ""))
                    .append(" | ")
                    .append(Stats.format("%.1f", Stats.percentile(r.latencies(), 50)))
                    .append(" | ")
                    .append(Stats.format("%.1f", Stats.percentile(r.latencies(), 99)))
                    .append(" | ")
                    .append(r.statuses().entrySet().stream()
                            .map(e -> e.getKey() + ": " + e.getValue())
                            .collect(Collectors.joining(", ")))
                    .append(" |\n");
        }
        summary.add(new String[] {
            "6. Calls per use case beside warm p50/p99",
            "p50 " + range(p50s, "%.0f") + " ms over the " + p50s.size() + " of " + routes.size()
                    + " routes with a scripted request",
            p50s.size() == routes.size()
                    ? "listed (no numeric target)"
                    : "listed (no numeric target); " + (routes.size() - p50s.size())
                            + " routes have no scripted request yet"
        });
        sections.put(6, "## 6. Calls per use case, warm latency per route\n\n" + md);
    }

    private List<JmhFigures.Figure> jmh = List.of();

    void jmh(List<JmhFigures.Figure> figures) {
        this.jmh = figures;
    }

    void suite(CommandTimes.Suite suite) throws IOException {
        String verdict = suite.exitCode() != 0
                ? "**failed** (exit " + suite.exitCode() + ": " + String.join(", ", suite.failedTests())
                        + "; the log is " + project.relativize(suite.log()) + ")"
                : suite.minutes() <= SUITE_MINUTES_LIMIT
                        ? "met"
                        : "**gap**: over " + fmt(SUITE_MINUTES_LIMIT) + " minutes";
        String figure = String.format(
                Locale.ROOT,
                "%.1f min (%d:%02d)",
                suite.minutes(),
                (int) suite.minutes(),
                Math.round(suite.minutes() * 60) % 60);
        summary.add(new String[] {
            "7. `mvn verify` on a clean clone (< " + fmt(SUITE_MINUTES_LIMIT) + " min)",
            figure + ", commit " + suite.commit(),
            verdict
        });
        sections.put(
                7,
                "## 7. Test suite\n\n`mvn -B verify` in a fresh `git clone` of commit " + suite.commit()
                        + " (no `target/`, the local "
                        + "Maven repository warm), timed once, while nothing else of this run was going: " + figure
                        + ". Target: under "
                        + fmt(SUITE_MINUTES_LIMIT) + " minutes. " + verdict + ".\n");
    }

    String markdown() throws IOException {
        artifactSection();
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("Written by `benchmarks/run")
                .append(options.isEmpty() ? "" : " " + options)
                .append("` on ")
                .append(started)
                .append(", every figure from this one run. Machine: ")
                .append(machine.get("cores"))
                .append(" cores, ")
                .append(machine.get("memory"))
                .append(" memory, load average ")
                .append(machine.get("load"))
                .append(" at the start (the machine is shared: absolute times ")
                .append(
                        "are noisy, which is why every target is a ratio or a difference measured in the same run); JDK ")
                .append(System.getProperty("java.vm.vendor"))
                .append(" ")
                .append(System.getProperty("java.runtime.version"))
                .append(" for the stack and for the function JVMs (Lambda runs java21); ")
                .append(System.getProperty("os.name"))
                .append(" ")
                .append(System.getProperty("os.arch"))
                .append(".\n\n");
        md.append("### Issue 23's targets\n\n| Target | Figure | Verdict |\n| --- | --- | --- |\n");
        for (int target = 1; target <= 4; target++) {
            String[] row =
                    issueTargets.getOrDefault(target, new String[] {target + ".", "not measured in this run", "–"});
            md.append("| ")
                    .append(row[0])
                    .append(" | ")
                    .append(row[1])
                    .append(" | ")
                    .append(row[2])
                    .append(" |\n");
        }
        md.append("\n### Other targets\n\n| Target | Figure | Verdict |\n| --- | --- | --- |\n");
        summary.stream()
                .sorted(java.util.Comparator.comparing(row -> row[0]))
                .forEach(row -> md.append("| ")
                        .append(row[0])
                        .append(" | ")
                        .append(row[1])
                        .append(" | ")
                        .append(row[2])
                        .append(" |\n"));
        for (int target = 1; target <= 7; target++) {
            md.append('\n').append(sections.getOrDefault(target, "## " + target + ".\n\nnot measured in this run\n"));
        }
        md.append("\n## JMH (warm, in-process)\n\n");
        if (jmh.isEmpty()) {
            md.append("not measured in this run\n");
        } else {
            md.append(
                            "`SigningBenchmark` (signing one upload as `POST /uploads` does; the SDK's presigner for comparison) and ")
                    .append(
                            "`LoginBenchmark` (a failed login, unknown e-mail against wrong password: one Argon2id verification each, ")
                    .append(
                            "stores in memory). JMH's score ± its 99.9 % confidence half-width.\n\n| Benchmark | Score | Unit |\n| --- | ---: | --- |\n");
            jmh.forEach(f -> md.append("| `")
                    .append(f.benchmark())
                    .append("` | ")
                    .append(Stats.format("%.1f", f.score()))
                    .append(" ± ")
                    .append(Stats.format("%.1f", f.error()))
                    .append(" | ")
                    .append(f.unit())
                    .append(" |\n"));
        }
        md.append(
                        "\nRun it again: `benchmarks/run` (about 25 minutes; `--skip-suite` leaves out the clean-clone `mvn verify`). Benchmarks ")
                .append("print figures and never fail a build.\n");
        return md.toString();
    }

    private void artifactSection() throws IOException {
        if (jar == null || sections.containsKey(3)) {
            return;
        }
        long bytes = Files.size(jar);
        Set<String> classes = Benchmarks.classesIn(jar);
        Set<String> loaded = new TreeSet<>();
        if (coldStarts != null) {
            coldStarts.values().stream()
                    .filter(f -> f.subject().artifact().equals(jar.getFileName().toString()))
                    .forEach(f -> loaded.addAll(f.artifactClasses()));
        }
        loaded.retainAll(classes);
        Map<String, Long> compressedByArea = compressedByArea(jar);
        String sizeText = String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        Path shaded = jar.resolveSibling("functions-shaded.jar");
        String shadedText =
                Files.isRegularFile(shaded) ? String.format(Locale.ROOT, "%.1f MB", Files.size(shaded) / 1e6) : null;
        String verdict = bytes <= JAR_LIMIT_BYTES
                ? "met"
                : String.format(
                        Locale.ROOT,
                        "**gap** of %.1f MB: %s",
                        (bytes - JAR_LIMIT_BYTES) / 1e6,
                        shadedText == null
                                ? "this JDK has no jmods, so ProGuard did not run (the `shrink-service-clients` profile), and the generated "
                                        + "service clients reference every operation of their service, so shading alone keeps every operation's model classes"
                                : "the SDK's service clients still hold what the functions' calls reach");
        StringBuilder md = new StringBuilder("## 3. Artifact\n\n");
        md.append("`functions/target/functions.jar`, the one artifact every function deploys: **")
                .append(sizeText)
                .append("** (")
                .append(String.format(Locale.ROOT, "%,d", bytes))
                .append(" bytes). Before this project's shrinking it was 23.5 MB: the whole ")
                .append(
                        "BouncyCastle provider for one Argon2 generator, and every dependency whole. Target: at most 12 MB.\n\n")
                .append(
                        "How: the shade plugin keeps the transitive hull of the functions' classes (`minimizeJar`), whole where a library loads ")
                .append(
                        "classes by name (SDK interceptors, Jackson, SLF4J), and of BouncyCastle only the classes the Argon2 generator loads")
                .append(
                        shadedText == null
                                ? ""
                                : " (`functions-shaded.jar`: " + shadedText
                                        + "); then ProGuard shrinks the SDK's service "
                                        + "clients to the operations the functions call (a generated client references every operation of its service, so "
                                        + "shading alone keeps every operation's model classes), and the regions module's service metadata and the "
                                        + "SDK's shaded Jackson core to what is called; nothing else removed, optimised or renamed")
                .append(
                        ". Every function runs from this jar in `ProcessRuntimeIT`, `InvokeIT`, `FunctionFailuresIT` and `FaultsIT`, so a ")
                .append("class missing from it fails there.\n\n");
        md.append("| | Classes |\n| --- | ---: |\n| in the jar | ")
                .append(classes.size())
                .append(" |\n| loaded by at least one function in the ")
                .append(
                        "cold-start runs above (each function's sample event only, so error paths and other inputs are not counted) | ")
                .append(loaded.size())
                .append(" |\n\n");
        md.append("Largest areas, compressed:\n\n| Package | MB |\n| --- | ---: |\n");
        compressedByArea.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(8)
                .forEach(e -> md.append("| `")
                        .append(e.getKey())
                        .append("` | ")
                        .append(Stats.format("%.2f", e.getValue() / 1e6))
                        .append(" |\n"));
        md.append('\n').append(verdict).append(".\n");
        sections.put(3, md.toString());
        summary.add(new String[] {
            "3. `functions.jar` (≤ 12 MB)",
            sizeText + " (was 23.5 MB); " + loaded.size() + " of " + classes.size()
                    + " classes loaded by the sample events",
            verdict
        });
    }

    /** Compressed bytes per package, four or six levels deep (services by service and sub-package). */
    private static Map<String, Long> compressedByArea(Path jar) throws IOException {
        Map<String, Long> areas = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            zip.stream().filter(e -> e.getName().endsWith(".class")).forEach(e -> {
                String[] parts = e.getName().split("/");
                int depth = e.getName().startsWith("software/amazon/awssdk/services/") ? 6 : 4;
                String area = String.join("/", java.util.Arrays.copyOf(parts, Math.min(depth, parts.length - 1)));
                areas.merge(area, e.getCompressedSize(), Long::sum);
            });
        }
        return areas;
    }

    private static String range(Collection<Double> values) {
        return range(values, "%.0f");
    }

    private static String range(Collection<Double> values, String format) {
        if (values.isEmpty()) {
            return "–";
        }
        return Stats.format(format, Stats.min(values)) + "–" + Stats.format(format, Stats.max(values));
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static String yes(boolean holds) {
        return holds ? "yes" : "**no**";
    }
}
