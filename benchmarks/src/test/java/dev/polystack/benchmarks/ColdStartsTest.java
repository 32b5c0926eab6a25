package dev.polystack.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ColdStartsTest {
    private static ColdStarts.Run run(List<Double> overhead, List<Double> gc, List<String> afterRestore) {
        return new ColdStarts.Run(
                500,
                300,
                200,
                4000,
                1500,
                List.of(5.0, 6.0),
                overhead,
                gc,
                List.of(120.0),
                List.of(300.0),
                3.0,
                afterRestore,
                null,
                null);
    }

    @Test
    void gcPausesAreSummedFromTheGcLogsPauseLines() {
        assertEquals(
                107.769,
                ColdStarts.pauseMillis(List.of(
                        "[0.006s][info][gc] Using Serial",
                        "[1.153s][info][gc] GC(0) Pause Young (Allocation Failure) 100M->12M(365M) 89.996ms",
                        "[2.376s][info][gc] GC(1) Pause Young (Allocation Failure) 113M->10M(365M) 17.773ms")),
                1e-9);
        assertEquals(0, ColdStarts.pauseMillis(List.of("[0.006s][info][gc] Using Serial")));
    }

    @Test
    void aHiddenClassIsNamedWithoutItsAddressSoThatRunsCompare() {
        assertEquals(
                "dev.polystack.shared.Priming$$Lambda$97",
                ColdStarts.stableName("dev.polystack.shared.Priming$$Lambda$97/0x00007f7ee10ee388"));
        assertEquals("dev.polystack.shared.lambda.Start", ColdStarts.stableName("dev.polystack.shared.lambda.Start"));
        assertEquals(
                "dev.polystack.shared.lambda.Start",
                ColdStarts.className(
                        "[1.014s][info][class,load] dev.polystack.shared.lambda.Start source: file:/tmp/functions.jar"));
    }

    @Test
    void theTypicalClassesAfterARestoreAreThoseOfAtLeastHalfTheRunsInTheOrderLoaded() {
        ColdStarts.Figures figures = new ColdStarts.Figures(
                null,
                List.of(
                        run(List.of(), List.of(), List.of("a.B", "a.C", "x.Once")),
                        run(List.of(), List.of(), List.of("a.C", "a.B")),
                        run(List.of(), List.of(), List.of("a.B", "y.Twice")),
                        run(List.of(), List.of(), List.of("y.Twice"))),
                java.util.Set.of());

        assertEquals(List.of("a.B", "a.C", "y.Twice"), figures.typicalClassesAfterRestore());
        assertEquals(List.of(3.0, 2.0, 2.0, 1.0), figures.classesAfterRestore());
    }

    @Test
    void theOverheadWithoutGcLeavesOutTheInvocationsDuringWhichAPauseWasLogged() {
        ColdStarts.Figures figures = new ColdStarts.Figures(
                null,
                List.of(
                        run(List.of(0.8, 18.5, 0.9), List.of(0.0, 17.7, 0.0), List.of()),
                        run(List.of(1.1), List.of(0.0), List.of())),
                java.util.Set.of());

        assertEquals(List.of(0.8, 0.9, 1.1), figures.warmOverheadWithoutGc());
        assertEquals(List.of(0.0, 17.7, 0.0, 0.0), figures.warmGcPause());
        assertEquals(List.of(197.0, 197.0), figures.firstOverhead());
    }
}
