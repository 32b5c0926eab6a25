package dev.polystack.benchmarks;

import dev.polystack.local.LocalBackend;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Orders under contention through the local gateway, every function in its own process: N clients,
 * each with its own user, buy one unit at a time from a catalogue of three products (two plentiful,
 * one scarce enough to sell out in every run), as fast as they are answered. After each run the
 * stock is checked against what was sold: initial = remaining + sold for every product, no stock
 * below zero, and exactly one sold unit per order answered 201.
 */
final class Throughput {
    static final List<String> CATALOGUE = List.of(
            "00000000-0000-4000-8000-000000000001",
            "00000000-0000-4000-8000-000000000002",
            "00000000-0000-4000-8000-000000000003");
    static final long PLENTY = 1_000_000;
    static final long SCARCE = 40;

    record Level(
            int clients,
            double seconds,
            int placed,
            Map<Integer, Integer> statuses,
            List<Double> latencies,
            Map<String, Long> initial,
            Map<String, Long> remaining,
            Map<String, Long> sold,
            long newOrders) {
        double ordersPerSecond() {
            return placed / seconds;
        }

        boolean conserved() {
            return initial.keySet().stream()
                    .allMatch(id -> initial.get(id) == remaining.get(id) + sold.getOrDefault(id, 0L));
        }

        boolean noOversell() {
            return remaining.values().stream().allMatch(stock -> stock >= 0);
        }

        boolean oneUnitPerOrder() {
            return sold.values().stream().mapToLong(Long::longValue).sum() == placed && newOrders == placed;
        }

        boolean invariantsHold() {
            return conserved() && noOversell() && oneUnitPerOrder();
        }
    }

    private final LocalBackend backend;
    private final Api api;

    Throughput(LocalBackend backend, Api api) {
        this.backend = backend;
        this.api = api;
    }

    List<Level> measure(List<Integer> levels, Duration each) throws Exception {
        int most = levels.stream().mapToInt(Integer::intValue).max().orElse(1);
        List<String> tokens = Collections.synchronizedList(new ArrayList<>());
        parallel(Math.min(most, 4), Duration.ZERO, (client, random) -> {
            while (tokens.size() < most) {
                tokens.add(api.newUser("buyer-" + UUID.randomUUID() + "@example.com"));
            }
        });
        // Start the function processes the runs will use (up to the runtime's cap per function), so no run pays cold
        // starts.
        restock();
        parallel(4, Duration.ofSeconds(5), (client, random) -> order(tokens.get(client), random));

        List<Level> results = new ArrayList<>();
        for (int clients : levels) {
            System.out.printf("  %d concurrent clients for %d s…%n", clients, each.toSeconds());
            Map<String, Long> initial = restock();
            Map<String, Long> soldBefore = sold();
            long ordersBefore = orderCount();
            Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
            List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger placed = new AtomicInteger();
            long start = System.nanoTime();
            parallel(clients, each, (client, random) -> {
                Api.Answer answer = order(tokens.get(client), random);
                statuses.merge(answer.status(), 1, Integer::sum);
                latencies.add(answer.millis());
                if (answer.status() == 201) {
                    placed.incrementAndGet();
                }
            });
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Long> soldAfter = sold();
            Map<String, Long> sold = new TreeMap<>();
            CATALOGUE.forEach(id -> sold.put(id, soldAfter.getOrDefault(id, 0L) - soldBefore.getOrDefault(id, 0L)));
            results.add(new Level(
                    clients,
                    seconds,
                    placed.get(),
                    new TreeMap<>(statuses),
                    List.copyOf(latencies),
                    initial,
                    stock(),
                    sold,
                    orderCount() - ordersBefore));
        }
        restock();
        return results;
    }

    private Api.Answer order(String token, Random random) {
        String product = CATALOGUE.get(random.nextInt(CATALOGUE.size()));
        return api.send(
                "POST",
                "/orders",
                token,
                "{\"items\":[{\"productId\":\"" + product + "\",\"quantity\":1}]}",
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
    }

    private interface Client {
        void step(int client, Random random) throws Exception;
    }

    /** {@code clients} threads repeating their step until {@code duration} has passed (once each for a zero duration). */
    private static void parallel(int clients, Duration duration, Client client) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < clients; i++) {
            int id = i;
            pool.submit(() -> {
                Random random = new Random(id);
                try {
                    do {
                        client.step(id, random);
                    } while (System.nanoTime() < deadline);
                } catch (Exception | Error e) {
                    failures.add(e);
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(duration.toSeconds() + 300, TimeUnit.SECONDS);
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a client failed", failures.get(0));
        }
    }

    /** Two plentiful products and a scarce one; the stock each has now. */
    private Map<String, Long> restock() throws SQLException {
        try (Connection db = backend.connectToDatabase();
                PreparedStatement update = db.prepareStatement("UPDATE products SET stock = ? WHERE id = ?::uuid");
                PreparedStatement emptyShards =
                        db.prepareStatement("UPDATE stock_shards SET stock = 0 WHERE product_id = ?::uuid")) {
            for (String id : CATALOGUE) {
                emptyShards.setString(1, id);
                emptyShards.executeUpdate();
                update.setLong(1, id.equals(CATALOGUE.get(CATALOGUE.size() - 1)) ? SCARCE : PLENTY);
                update.setString(2, id);
                update.executeUpdate();
            }
        }
        return stock();
    }

    private Map<String, Long> stock() throws SQLException {
        return sums("SELECT id::text, stock + shard_stock(id) FROM products WHERE id::text = ANY (?)");
    }

    private Map<String, Long> sold() throws SQLException {
        return sums(
                "SELECT product_id::text, coalesce(sum(quantity), 0) FROM order_items WHERE product_id::text = ANY (?) GROUP BY product_id");
    }

    private long orderCount() throws SQLException {
        try (Connection db = backend.connectToDatabase();
                PreparedStatement count = db.prepareStatement("SELECT count(*) FROM orders");
                ResultSet rows = count.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private Map<String, Long> sums(String sql) throws SQLException {
        Map<String, Long> values = new TreeMap<>();
        try (Connection db = backend.connectToDatabase();
                PreparedStatement query = db.prepareStatement(sql)) {
            query.setArray(1, db.createArrayOf("text", CATALOGUE.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    values.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return values;
    }
}
