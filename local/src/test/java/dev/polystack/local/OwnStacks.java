package dev.polystack.local;

/**
 * The lane beside the shared stacks. Test classes run one after another in one thread (junit-platform.properties),
 * except those that share nothing with this JVM's shared stacks ({@link SharedBackend}, {@link SharedProcessStack}):
 * suites that start a stack of their own, or {@code local/start} in a process of its own. Those are marked
 * {@code @Execution(ExecutionMode.CONCURRENT)} and {@code @ResourceLock(OwnStacks.LANE)}, so they run beside the
 * others, one such class at a time, and its methods one after another (docs/testing-speed.md).
 */
public final class OwnStacks {
    /** Held by every suite of that lane. */
    public static final String LANE = "suites with stacks of their own";

    private OwnStacks() {}
}
