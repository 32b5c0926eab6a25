package dev.polystack.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the machine's CPUs were over a phase, from two readings of {@code /proc/stat} (the kernel's CPU time
 * since boot, in clock ticks, summed over all CPUs): 100 × (1 − idle / total) of the deltas. Beside it, the share
 * of the machine's capacity this JVM used over the same wall time (its process CPU time over wall time × cores):
 * in the flash sale the gateway, the authorizer, the functions, the Data API emulator, DynamoDB Local and the clients
 * all run in this JVM, PostgreSQL in processes of its own. Where {@code /proc/stat} cannot be read (not
 * Linux), the machine figure is NaN.
 */
final class CpuUsage {
    private static final Path PROC_STAT = Path.of("/proc/stat");

    private CpuUsage() {}

    /** Clock ticks the CPUs spent busy and idle (idle and waiting for I/O). */
    record Ticks(long busy, long idle) {
        /**
         * The aggregate {@code cpu} line of {@code /proc/stat}: user nice system idle iowait irq softirq steal guest
         * guest_nice. Guest time is already counted in user and nice (proc(5)), so it is not added again.
         */
        static Ticks parse(String cpuLine) {
            String[] fields = cpuLine.trim().split("\\s+");
            if (!fields[0].equals("cpu") || fields.length < 9) {
                throw new IllegalArgumentException("not the aggregate cpu line of /proc/stat: " + cpuLine);
            }
            long[] ticks = new long[8];
            for (int i = 0; i < ticks.length; i++) {
                ticks[i] = Long.parseLong(fields[i + 1]);
            }
            long idle = ticks[3] + ticks[4];
            long busy = ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6] + ticks[7];
            return new Ticks(busy, idle);
        }
    }

    /** One reading: the machine's ticks (null where unknown), this JVM's CPU time and the wall clock, in ns. */
    record Reading(Ticks machine, long processCpuNanos, long nanoTime) {}

    /** Over one phase: the machine's CPUs busy, and this JVM's CPU time, each in % of the machine's capacity. */
    record Busy(double machinePercent, double jvmPercent) {}

    static Reading now() {
        return new Reading(machine(), processCpuNanos(), System.nanoTime());
    }

    static Busy between(Reading before, Reading after, int cores) {
        double machine = Double.NaN;
        if (before.machine() != null && after.machine() != null) {
            long busy = after.machine().busy() - before.machine().busy();
            long total = busy + after.machine().idle() - before.machine().idle();
            machine = total <= 0 ? Double.NaN : 100.0 * busy / total;
        }
        long wall = after.nanoTime() - before.nanoTime();
        double jvm = wall <= 0 || before.processCpuNanos() < 0 || after.processCpuNanos() < 0
                ? Double.NaN
                : 100.0 * (after.processCpuNanos() - before.processCpuNanos()) / ((double) wall * cores);
        return new Busy(machine, jvm);
    }

    static Busy since(Reading before) {
        return between(before, now(), machineCpus());
    }

    /**
     * The CPUs {@code /proc/stat}'s aggregate line sums over (its {@code cpuN} lines), so that this JVM's share and the
     * machine's have one denominator. Not {@code availableProcessors()}: a JVM held to fewer CPUs ({@code taskset},
     * a container's limit) sees fewer than the machine has. Where {@code /proc/stat} cannot be read, the JVM's count.
     */
    static int machineCpus() {
        try {
            long cpus = Files.readAllLines(PROC_STAT).stream()
                    .filter(line -> line.matches("cpu\\d+\\s.*"))
                    .count();
            return cpus > 0 ? (int) cpus : Runtime.getRuntime().availableProcessors();
        } catch (IOException | RuntimeException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    private static Ticks machine() {
        try {
            return Ticks.parse(Files.readAllLines(PROC_STAT).get(0));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : -1;
    }
}
