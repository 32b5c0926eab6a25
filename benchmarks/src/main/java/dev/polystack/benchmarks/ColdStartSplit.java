package dev.polystack.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a cold start's time goes, by what the process was loading. Each function JVM logs its class loads
 * with two clocks ({@code -Xlog:class+load:file=…:timenanos,uptimenanos,tags}): {@code timenanos} is the
 * value {@code System.nanoTime()} gives, a clock the benchmark's own JVM shares on the same machine (Linux's
 * monotonic clock), so a load can be placed in the phases the local runtime timed (init: process start to the
 * first poll for work; the first invocation: the event handed over to the response arrived).
 *
 * <p>The method: within a phase, the time from one class load to the next is charged to the group of the
 * class loaded at the end of that gap; the first gap of the init phase (process start to the JVM's first
 * class load: exec, the JVM creating itself) is {@link Group#JVM_START}'s, and the time from the phase's last
 * load to its end, during which nothing was loaded, stays {@link Group#AFTER_LAST_LOAD}'s. Its limit: time
 * spent running code between two loads (a static initialiser's work, a network wait, a hash) is charged to
 * the next class loaded, whatever that is; so a group's figure is the time the process took to reach the
 * loads of that group's classes, not the time that group's code ran. Loads on other threads interleave.
 */
final class ColdStartSplit {
    /** What a class belongs to, from its binary name; the first group whose prefix matches. */
    enum Group {
        JVM_START("JVM start"),
        JDK("JDK"),
        RUNTIME_CLIENT("Runtime client"),
        JACKSON("Jackson"),
        SDK_CORE("SDK core"),
        SDK_SERVICES("SDK service models"),
        SDK_ENHANCED("Enhanced client"),
        POLYSTACK("polystack"),
        OTHER("other"),
        AFTER_LAST_LOAD("after the last load");

        final String label;

        Group(String label) {
            this.label = label;
        }
    }

    /** One line of the log: the load's {@code System.nanoTime()}, the JVM's uptime then, the class. */
    record Load(long nanos, long uptimeNanos, String className) {
        /** When the JVM's clock started, on the benchmark's clock. */
        long jvmStartNanos() {
            return nanos - uptimeNanos;
        }
    }

    /** One phase, split: milliseconds and classes loaded per group (every group present, 0 when none). */
    record Phase(double millis, Map<Group, Double> groupMillis, Map<Group, Integer> groupClasses) {
        /** The time the class loads account for: the phase less the time after its last load. */
        double attributedMillis() {
            return millis - groupMillis.get(Group.AFTER_LAST_LOAD);
        }
    }

    /** A cold start's two phases, split. */
    record Split(Phase init, Phase first) {}

    /** Per group the median over the runs' phases (so the groups need not add up to the median phase); null for none. */
    static Phase median(List<Phase> phases) {
        if (phases.isEmpty()) {
            return null;
        }
        Map<Group, Double> millis = new EnumMap<>(Group.class);
        Map<Group, Integer> classes = new EnumMap<>(Group.class);
        for (Group g : Group.values()) {
            millis.put(
                    g,
                    Stats.median(
                            phases.stream().map(p -> p.groupMillis().get(g)).toList()));
            classes.put(g, (int) Math.round(Stats.median(
                    phases.stream().map(p -> (double) p.groupClasses().get(g)).toList())));
        }
        return new Phase(Stats.median(phases.stream().map(Phase::millis).toList()), millis, classes);
    }

    private static final Pattern LINE = Pattern.compile("^\\[(\\d+)ns]\\[(\\d+)ns]\\[class,load *] (\\S+) .*");

    private ColdStartSplit() {}

    /** {@code [49613947096910ns][12482346ns][class,load] java.lang.Object source: shared objects file}; null for another line. */
    static Load parse(String line) {
        Matcher m = LINE.matcher(line);
        return m.matches() ? new Load(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), m.group(3)) : null;
    }

    static List<Load> parse(Collection<String> lines) {
        List<Load> loads = new ArrayList<>();
        for (String line : lines) {
            Load load = parse(line);
            if (load != null) {
                loads.add(load);
            }
        }
        return loads;
    }

    static Group group(String className) {
        if (startsWith(className, "java.", "javax.", "jdk.", "sun.", "com.sun.")) {
            return Group.JDK;
        }
        // The Runtime Interface Client, its serialization (with its own shaded Jackson) and the events library.
        if (startsWith(className, "com.amazonaws.services.lambda.", "com.amazonaws.lambda.")) {
            return Group.RUNTIME_CLIENT;
        }
        if (className.startsWith("com.fasterxml.")) {
            return Group.JACKSON;
        }
        if (className.startsWith("software.amazon.awssdk.enhanced.")) {
            return Group.SDK_ENHANCED;
        }
        if (className.startsWith("software.amazon.awssdk.services.")) {
            return Group.SDK_SERVICES;
        }
        if (startsWith(className, "software.amazon.awssdk.", "software.amazon.eventstream.", "org.reactivestreams.")) {
            return Group.SDK_CORE;
        }
        if (className.startsWith("dev.polystack.")) {
            return Group.POLYSTACK;
        }
        return Group.OTHER;
    }

    private static boolean startsWith(String name, String... prefixes) {
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The cold start split: init from {@code initStartNanos} (the process started) for {@code initMillis}, then the
     * first invocation for {@code firstMillis}, both on the benchmark's {@code System.nanoTime()} clock.
     */
    static Split split(List<Load> loads, long initStartNanos, double initMillis, double firstMillis) {
        long firstStart = initStartNanos + Math.round(initMillis * 1e6);
        return new Split(
                phase(loads, initStartNanos, firstStart, true),
                phase(loads, firstStart, firstStart + Math.round(firstMillis * 1e6), false));
    }

    /** The loads after {@code fromNanos} up to {@code toNanos}, each charged the gap before it. */
    static Phase phase(List<Load> loads, long fromNanos, long toNanos, boolean startsTheJvm) {
        Map<Group, Double> millis = new EnumMap<>(Group.class);
        Map<Group, Integer> classes = new EnumMap<>(Group.class);
        for (Group g : Group.values()) {
            millis.put(g, 0.0);
            classes.put(g, 0);
        }
        long previous = fromNanos;
        boolean firstLoad = startsTheJvm;
        for (Load load : loads) {
            if (load.nanos() <= fromNanos || load.nanos() > toNanos) {
                continue;
            }
            Group group = group(load.className());
            // Loads from several threads can be logged a little out of order: a negative gap charges nothing.
            double gap = Math.max(0, load.nanos() - previous) / 1e6;
            millis.merge(firstLoad ? Group.JVM_START : group, gap, Double::sum);
            classes.merge(group, 1, Integer::sum);
            previous = Math.max(previous, load.nanos());
            firstLoad = false;
        }
        millis.put(Group.AFTER_LAST_LOAD, (toNanos - previous) / 1e6);
        return new Phase((toNanos - fromNanos) / 1e6, millis, classes);
    }
}
