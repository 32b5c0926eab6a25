package dev.polystack.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The flash sale's order phase, the same at every tier: N callers start together and each orders one unit of the
 * hot product at a time, a new idempotency key per order, until its order is refused as sold out or the deadline
 * passes; an answer to retry (503 STOCK_BUSY, a timeout, an error) is retried with the same key after a short pause,
 * as its Retry-After asks, so whatever a lost answer did, the key makes it one order. Measured: the phase's wall
 * time, every call's latency, the answers by label, and the CPU over the phase.
 */
final class OrderPhase {
    static final long RETRY_PAUSE_MS = 50;

    private OrderPhase() {}

    enum Kind {
        CREATED,
        SOLD_OUT,
        RETRY
    }

    /** One call's answer: a label to count it under (a status, an outcome) and what the caller does next. */
    record Answer(String label, Kind kind) {}

    interface Caller {
        Answer place(int client, String idempotencyKey) throws Exception;
    }

    record Result(
            double seconds, long created, Map<String, Integer> answers, List<Double> latencies, CpuUsage.Busy cpu) {
        double ordersPerSecond() {
            return created / seconds;
        }

        double p50Ms() {
            return Stats.percentile(latencies, 50);
        }

        double p99Ms() {
            return Stats.percentile(latencies, 99);
        }

        /** Answers under any of these labels. */
        int count(String... labels) {
            int count = 0;
            for (String label : labels) {
                count += answers.getOrDefault(label, 0);
            }
            return count;
        }

        /** Answers under none of these labels. */
        int other(String... labels) {
            return answers.values().stream().mapToInt(Integer::intValue).sum() - count(labels);
        }

        /** The figures every phase's JSON carries. */
        void putFigures(Map<String, Object> figures) {
            figures.put("ordersPerSecond", ordersPerSecond());
            figures.put("orderP50Ms", p50Ms());
            figures.put("orderP99Ms", p99Ms());
            figures.put("cpuBusyPercent", cpu.machinePercent());
            figures.put("jvmCpuPercent", cpu.jvmPercent());
        }
    }

    static Result run(String what, int clients, int stock, Duration deadline, Caller caller) throws Exception {
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        List<Double> latencies = new CopyOnWriteArrayList<>();
        AtomicLong created = new AtomicLong();
        long end = System.nanoTime() + deadline.toNanos();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> callers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            callers.add(pool.submit(() -> {
                go.await();
                String key = UUID.randomUUID().toString();
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    Answer answer;
                    try {
                        answer = caller.place(client, key);
                    } catch (RuntimeException e) {
                        answer = new Answer("error " + e.getClass().getSimpleName(), Kind.RETRY);
                    }
                    latencies.add((System.nanoTime() - start) / 1e6);
                    answers.merge(answer.label(), 1, Integer::sum);
                    switch (answer.kind()) {
                        case CREATED -> {
                            created.incrementAndGet();
                            key = UUID.randomUUID().toString();
                        }
                        case SOLD_OUT -> {
                            return null;
                        }
                        case RETRY -> Thread.sleep(RETRY_PAUSE_MS);
                    }
                }
                return null;
            }));
        }
        CpuUsage.Reading cpuBefore = CpuUsage.now();
        long start = System.nanoTime();
        go.countDown();
        Thread progress = progress(what, created, stock);
        try {
            for (Future<?> each : callers) {
                each.get();
            }
        } finally {
            progress.interrupt();
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(
                seconds, created.get(), new TreeMap<>(answers), List.copyOf(latencies), CpuUsage.since(cpuBefore));
    }

    private static Thread progress(String what, AtomicLong created, int stock) {
        Thread thread = new Thread(
                () -> {
                    try {
                        while (true) {
                            Thread.sleep(5000);
                            System.out.printf("  … %s: %d of %d sold%n", what, created.get(), stock);
                        }
                    } catch (InterruptedException e) {
                        // the phase is over
                    }
                },
                "flash-sale-progress");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
