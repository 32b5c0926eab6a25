package dev.polystack.health;

import dev.polystack.shared.InvocationLog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Checks every store at once, so one slow store costs its own timeout and not the sum. */
public final class HealthService {
    static final long TIMEOUT_MS = 5_000;

    private final List<StoreProbe> probes;
    private final ExecutorService pool = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "health-probe");
        thread.setDaemon(true);
        return thread;
    });

    public HealthService(List<StoreProbe> probes) {
        this.probes = List.copyOf(probes);
    }

    public record StoreHealth(String status, long latencyMs, String error, List<InvocationLog.StoreCall> calls) {
        public StoreHealth(String status, long latencyMs, String error) {
            this(status, latencyMs, error, List.of());
        }

        public boolean ok() {
            return "ok".equals(status);
        }
    }

    public record Report(Map<String, StoreHealth> stores) {
        public boolean healthy() {
            return stores.values().stream().allMatch(StoreHealth::ok);
        }
    }

    public Report check() {
        Map<String, CompletableFuture<StoreHealth>> running = new LinkedHashMap<>();
        for (StoreProbe probe : probes) {
            running.put(probe.store(), CompletableFuture.supplyAsync(() -> runRecorded(probe), pool));
        }
        Map<String, StoreHealth> results = new LinkedHashMap<>();
        running.forEach((store, future) -> results.put(store, await(future)));
        return new Report(results);
    }

    /** Probes run on pool threads; their store calls are handed back to the invocation's log. */
    private static StoreHealth runRecorded(StoreProbe probe) {
        InvocationLog.begin();
        StoreHealth health = run(probe);
        List<InvocationLog.StoreCall> calls = InvocationLog.end();
        return new StoreHealth(health.status(), health.latencyMs(), health.error(), calls);
    }

    private static StoreHealth run(StoreProbe probe) {
        long started = System.nanoTime();
        try {
            probe.check();
            return new StoreHealth("ok", elapsedMs(started), null);
        } catch (RuntimeException e) {
            return new StoreHealth(
                    "failing", elapsedMs(started), e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
        }
    }

    private static StoreHealth await(CompletableFuture<StoreHealth> future) {
        try {
            StoreHealth health = future.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            health.calls().forEach(InvocationLog::record);
            return health;
        } catch (TimeoutException e) {
            future.cancel(true);
            return new StoreHealth("failing", TIMEOUT_MS, "no answer within " + TIMEOUT_MS + " ms");
        } catch (ExecutionException e) {
            return new StoreHealth("failing", 0, String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new StoreHealth("failing", 0, "interrupted");
        }
    }

    private static long elapsedMs(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
