package dev.polystack.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {
    private static final Path PROJECT = Path.of(".");

    /** {@code GET /products} 1.0 ms through the gateway against 0.4 ms directly: 0.6 ms added, every round. */
    private static List<LocalStackOverhead.Comparison> gatewayAdds06() {
        return List.of(new LocalStackOverhead.Comparison(
                "`GET /products` (ListProducts, in-process)",
                "local gateway (HTTP)",
                "the function called directly",
                List.of(1.0, 1.0, 1.0),
                List.of(0.4, 0.4, 0.4),
                true));
    }

    private static List<FunctionLogs.Split> invocations(int n) {
        // 2.0 ms store call, 0.5 ms own code, 1.0 ms runtime path: Duration 3.5 ms.
        return Collections.nCopies(n, new FunctionLogs.Split("ListProducts", 2.5, 2.0, 3.5));
    }

    @Test
    void endToEndAboveOneAndAHalfTimesItsPartsIsAGapSplitIntoWhatTheRestIs() throws Exception {
        Report report = new Report(PROJECT, 1, "");
        report.overheads(gatewayAdds06());
        // end to end 5.0 ms; the emulator 0.4 ms; parts 0.4 + 0.6 = 1.0 ms.
        report.endToEnd(new EndToEnd.Figures(
                Collections.nCopies(200, 5.0), Collections.nCopies(200, 0.4), invocations(200), Map.of(200, 200)));

        String md = report.markdown();

        assertTrue(
                md.contains(
                        "| 5.00 ms end to end; parts 1.00 ms (emulator 0.40 + gateway 0.60); 5.0× | **gap**: 5.0× the parts; "
                                + "of the 4.00 ms beyond them, ListProducts' Data API call through the SDK client takes 2.00 ms (1.60 ms more "
                                + "than the emulator's own time for the SQL), its own code 0.50 ms, the runtime path in its process 1.00 ms, "
                                + "and the local runtime's hop to the process and back 0.90 ms |"),
                md);
    }

    @Test
    void endToEndWithinOneAndAHalfTimesItsPartsIsMet() throws Exception {
        Report report = new Report(PROJECT, 1, "");
        report.overheads(gatewayAdds06());
        report.endToEnd(
                new EndToEnd.Figures(List.of(1.4, 1.5, 9.0), List.of(0.4, 0.4, 0.4), invocations(3), Map.of(200, 3)));

        assertTrue(report.markdown().contains("(emulator 0.40 + gateway 0.60); 1.5× | met |"));
        assertEquals(1.5, new EndToEnd.Figures(List.of(1.5), List.of(0.4), List.of(), Map.of()).ratio(0.6), 1e-9);
    }

    @Test
    void theClassesLoadedAfterARestoreAreNamedByPackageTheLargestFirst() {
        ColdStarts.Figures figures = new ColdStarts.Figures(
                null,
                List.of(new ColdStarts.Run(
                        5,
                        3,
                        3,
                        1200,
                        170,
                        List.of(1.0),
                        List.of(0.5),
                        List.of(0.0),
                        List.of(100.0),
                        List.of(220.0),
                        0.6,
                        List.of(
                                "com.amazonaws.services.lambda.runtime.api.client.api.LambdaContext",
                                "dev.polystack.shared.lambda.Start",
                                "sun.net.www.http.KeepAliveEntry",
                                "sun.net.www.http.ClientVector"),
                        null,
                        null)),
                java.util.Set.of());

        assertEquals(
                "4 classes loaded after the restore in most runs, `sun.net.www.http` 2 (KeepAliveEntry, ClientVector), "
                        + "`com.amazonaws.services.lambda.runtime.api.client.api` 1 (LambdaContext), "
                        + "`dev.polystack.shared.lambda` 1 (Start)",
                Report.afterRestore(figures));
    }

    @Test
    void anOverheadAboveTheTargetIsShownBesideItsGcPausesAnswerAndLogLine() {
        ColdStarts.Figures figures = new ColdStarts.Figures(
                null,
                List.of(new ColdStarts.Run(
                        700,
                        350,
                        350,
                        4900,
                        1900,
                        List.of(110.0, 130.0, 112.0),
                        List.of(1.0, 18.9, 1.2),
                        List.of(0.0, 17.7, 0.0),
                        List.of(187.0, 187.0, 187.0),
                        List.of(640.0, 640.0, 640.0),
                        200,
                        List.of(),
                        null,
                        null)),
                java.util.Set.of());

        assertEquals(
                "a GC pause during 1 of its 3 warm invocations (median 17.70 ms), median overhead without them 1.10 ms; "
                        + "answer 187 bytes, its own log line 640 bytes (written after its latency is taken)",
                Report.overheadCause(figures));
    }

    /** A run whose init went as {@code millis} says (0 for a group not named), with 10 classes per group that took time. */
    private static ColdStarts.Run runSplit(double afterLastLoad, Map<ColdStartSplit.Group, Double> millis) {
        Map<ColdStartSplit.Group, Double> all = new java.util.EnumMap<>(ColdStartSplit.Group.class);
        Map<ColdStartSplit.Group, Integer> classes = new java.util.EnumMap<>(ColdStartSplit.Group.class);
        for (ColdStartSplit.Group g : ColdStartSplit.Group.values()) {
            all.put(g, millis.getOrDefault(g, 0.0));
            classes.put(g, millis.containsKey(g) ? 10 : 0);
        }
        all.put(ColdStartSplit.Group.AFTER_LAST_LOAD, afterLastLoad);
        double total = all.values().stream().mapToDouble(Double::doubleValue).sum();
        ColdStartSplit.Phase phase = new ColdStartSplit.Phase(total, all, classes);
        return new ColdStarts.Run(
                total + 10,
                total,
                10,
                1000,
                100,
                List.of(1.0),
                List.of(0.5),
                List.of(0.0),
                List.of(100.0),
                List.of(200.0),
                9.5,
                List.of(),
                null,
                new ColdStartSplit.Split(phase, phase));
    }

    @Test
    void aGapsCauseNamesTheGroupsThatTookTheMostTimeBesideTheReferences() {
        ColdStarts.Figures function = new ColdStarts.Figures(
                new ColdStarts.Subject("Health", null, null),
                List.of(runSplit(
                        2,
                        Map.of(
                                ColdStartSplit.Group.JDK, 120.0,
                                ColdStartSplit.Group.SDK_CORE, 140.0,
                                ColdStartSplit.Group.JACKSON, 40.0,
                                ColdStartSplit.Group.POLYSTACK, 30.0,
                                ColdStartSplit.Group.OTHER, 3.0))),
                java.util.Set.of());
        ColdStarts.Figures hello = new ColdStarts.Figures(
                null, List.of(runSplit(1, Map.of(ColdStartSplit.Group.JDK, 70.0))), java.util.Set.of());
        ColdStarts.Figures slow = new ColdStarts.Figures(
                new ColdStarts.Subject("Login", null, null),
                List.of(runSplit(100, Map.of(ColdStartSplit.Group.JDK, 200.0))),
                java.util.Set.of());

        assertEquals(
                "init 335 ms: SDK core 140 ms / 10 classes (hello-world 0 / 0, baseline –), JDK 120 ms / 10 classes "
                        + "(hello-world 70 / 10, baseline –), Jackson 40 ms / 10 classes (hello-world 0 / 0, baseline –), "
                        + "polystack 30 ms / 10 classes (hello-world 0 / 0, baseline –)",
                Report.splitCause("init", List.of(function), hello, null, true));
        assertTrue(Report.explains(Report.typicalPhase(function, true)));
        assertTrue(Report.explains(Report.typicalPhase(hello, true)), "1 ms unexplained is within the 5 ms allowed");
        assertTrue(!Report.explains(Report.typicalPhase(slow, false)), "100 of 300 ms after the last load");
        assertTrue(Report.splitCause("first invocation", List.of(slow), hello, null, false)
                .endsWith("(the cross-check fails for Login: class loads explain too little of it)"));
    }
}
