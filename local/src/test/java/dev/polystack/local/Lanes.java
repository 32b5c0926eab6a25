package dev.polystack.local;

/**
 * How the integration suites share this JVM (junit-platform.properties, docs/testing-speed.md). Test classes run one
 * after another in one thread, the lane of {@link SharedBackend}, except those marked
 * {@code @Execution(ExecutionMode.CONCURRENT)}, which run beside it in two more lanes, one class at a time in each,
 * its methods one after another:
 *
 * <ul>
 *   <li>the suites of process-mode stacks ({@link ProcessStack}: {@link SharedProcessStack}, and
 *       {@link FunctionFailuresIT}'s own) hold {@link #PROCESS_STACKS} (a method of a shared-backend suite that uses the
 *       shared process stack holds it too);
 *   <li>the other suites that share nothing with this JVM's shared stacks hold {@link #OWN_STACKS}: those that start
 *       an in-process stack of their own, and those of {@code local/start} processes ({@link LocalStartIT.Running}).
 * </ul>
 *
 * A suite with an in-process stack of its own may also stay unmarked, in the first lane, where it runs between two
 * shared-backend suites: {@code RecoveryDrillIT} and {@code RecoverIT} do, so the three lanes end about together.
 *
 * {@code LanesTest} checks that every suite is in the lane what it uses puts it in.
 */
public final class Lanes {
    /**
     * Held by the suites of process-mode stacks: those of {@link SharedProcessStack} arm stalls and faults on it and
     * fire its schedules. {@link FunctionFailuresIT}'s stack is its own; it is in this lane because it also starts
     * function processes, the heaviest work, so the lanes are about even.
     */
    public static final String PROCESS_STACKS = "process-mode stacks";

    /**
     * Held by suites with stacks of their own. One at a time: two such stacks beside the two shared lanes overload
     * two cores, and the timing of their fault tests (a process killed mid-invocation, a lake change after an
     * erasure) with them.
     */
    public static final String OWN_STACKS = "suites with stacks of their own";

    private Lanes() {}
}
