package dev.polystack.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
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

    /** What share of the stock {@link Result#ordersPerSecondToMostSold} measures to. */
    static final double MOST_SOLD = 0.9;

    /**
     * One phase: its wall time, orders created, answers by label, latencies, CPU, and when each order was created
     * (seconds since the start, in order).
     */
    record Result(
            double seconds,
            long created,
            Map<String, Integer> answers,
            List<Double> latencies,
            CpuUsage.Busy cpu,
            List<Double> createdAt) {
        double ordersPerSecond() {
            return created / seconds;
        }

        /**
         * Orders/s until {@link #MOST_SOLD} of the stock was sold: the rate while stock is plentiful, without the end
         * of the sale (the last units, and every shopper's sold-out answer). NaN when the phase sold less.
         */
        double ordersPerSecondToMostSold(int stock) {
            int most = (int) Math.ceil(MOST_SOLD * stock);
            return most == 0 || createdAt.size() < most ? Double.NaN : most / createdAt.get(most - 1);
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
        void putFigures(Map<String, Object> figures, int stock) {
            figures.put("ordersPerSecond", ordersPerSecond());
            figures.put("orderP50Ms", p50Ms());
            figures.put("orderP99Ms", p99Ms());
            figures.put("ordersPerSecondTo90PercentSold", ordersPerSecondToMostSold(stock));
            figures.put("cpuBusyPercent", cpu.machinePercent());
            figures.put("jvmCpuPercent", cpu.jvmPercent());
        }
    }

    static Result run(String what, int clients, int stock, Duration deadline, Caller caller) throws Exception {
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        List<Double> latencies = new CopyOnWriteArrayList<>();
        AtomicLong created = new AtomicLong();
        Queue<Long> createdAt = new ConcurrentLinkedQueue<>();
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
                            createdAt.add(System.nanoTime());
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
        CpuUsage.Busy cpu = CpuUsage.since(cpuBefore);
        return new Result(
                seconds,
                created.get(),
                new TreeMap<>(answers),
                List.copyOf(latencies),
                cpu,
                createdAt.stream().map(at -> (at - start) / 1e9).sorted().toList());
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
