package dev.polystack.local;

import java.util.concurrent.ThreadFactory;

/** The local stack's worker threads are daemons: they never keep the JVM alive after Ctrl-C. */
public final class Threads {
    private Threads() {}

    public static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
