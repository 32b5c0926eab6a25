package dev.polystack.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystack.benchmarks.CpuUsage.Reading;
import dev.polystack.benchmarks.CpuUsage.Ticks;
import org.junit.jupiter.api.Test;

class CpuUsageTest {
    @Test
    void idleIsIdlePlusIowaitAndBusyIsTheRestWithoutCountingGuestTimeTwice() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        Ticks ticks = Ticks.parse("cpu  100 10 50 700 40 5 3 2 30 1");
        assertEquals(740, ticks.idle());
        assertEquals(170, ticks.busy());
    }

    @Test
    void readsTheLineOfAKernelWithoutGuestColumns() {
        assertEquals(new Ticks(6, 9), Ticks.parse("cpu 1 1 1 4 5 1 1 1"));
    }

    @Test
    void refusesAPerCpuLine() {
        assertThrows(IllegalArgumentException.class, () -> Ticks.parse("cpu0 1 1 1 4 5 1 1 1 0 0"));
    }

    @Test
    void busyPercentIsOneMinusTheIdleShareOfTheDeltas() {
        Reading before = new Reading(new Ticks(1_000, 5_000), 0, 0);
        Reading after = new Reading(new Ticks(1_150, 5_050), 0, 1);
        // 150 busy of 200 ticks in between, whatever the totals since boot were
        assertEquals(75, CpuUsage.between(before, after, 2).machinePercent(), 1e-9);
    }

    @Test
    void theJvmShareIsItsCpuTimeOverWallTimeOnEveryCore() {
        Reading before = new Reading(new Ticks(0, 0), 1_000_000_000L, 10_000_000_000L);
        Reading after = new Reading(new Ticks(0, 0), 2_500_000_000L, 11_000_000_000L);
        // 1.5 s of CPU in 1 s of wall time on 2 cores
        assertEquals(75, CpuUsage.between(before, after, 2).jvmPercent(), 1e-9);
    }

    @Test
    void noTicksOrNoTimeBetweenReadingsGivesNoFigure() {
        Reading same = new Reading(new Ticks(10, 10), 5, 5);
        assertTrue(Double.isNaN(CpuUsage.between(same, same, 2).machinePercent()));
        assertTrue(Double.isNaN(CpuUsage.between(same, same, 2).jvmPercent()));
        Reading unknown = new Reading(null, 5, 5);
        assertTrue(Double.isNaN(CpuUsage.between(unknown, same, 2).machinePercent()));
    }

    /** Under {@code taskset -c 0} this JVM sees one processor; /proc/stat's aggregate still sums every CPU. */
    @Test
    void theMachinesCpusAreThoseProcStatSumsNotThoseThisJvmMayUse() {
        assertTrue(CpuUsage.machineCpus() >= Runtime.getRuntime().availableProcessors());
    }

    @Test
    void aSpinningThreadsCpuTimeShowsInThisJvmAndOnTheMachine() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long threadBefore = threads.getCurrentThreadCpuTime();
        Reading before = CpuUsage.now();
        long end = System.nanoTime() + 300_000_000L;
        long spins = 0;
        while (System.nanoTime() < end) {
            spins++;
        }
        Reading after = CpuUsage.now();
        long spun = threads.getCurrentThreadCpuTime() - threadBefore;
        int cores = CpuUsage.machineCpus();
        CpuUsage.Busy busy = CpuUsage.between(before, after, cores);
        // What this thread alone used, as a share of the machine (other helpers may leave it less than a core).
        double ours = 100.0 * spun / ((double) (after.nanoTime() - before.nanoTime()) * cores);
        assertTrue(ours > 1, "the spin got " + ours + " % after " + spins + " spins");
        // Process CPU time and /proc/stat both count in clock ticks (10 ms): a few ticks of slack.
        double tick = 100.0 * 10_000_000L / ((double) (after.nanoTime() - before.nanoTime()) * cores);
        assertTrue(
                busy.jvmPercent() >= ours - 2 * tick, "JVM " + busy.jvmPercent() + " % < this thread's " + ours + " %");
        assertTrue(
                busy.machinePercent() >= ours - 4 * tick, "machine " + busy.machinePercent() + " % < " + ours + " %");
    }
}
