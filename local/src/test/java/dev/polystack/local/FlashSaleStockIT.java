package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystack.order.IdempotencyKey;
import dev.polystack.order.OrderLine;
import dev.polystack.order.OrderRequest;
import dev.polystack.order.Placement;
import dev.polystack.order.Transition;
import dev.polystack.order.adapter.RdsDataOrderRepository;
import dev.polystack.shared.DomainException;
import dev.polystack.shared.adapter.DataApi;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rdsdata.model.SqlParameter;

/**
 * One hot product and a crowd (R__place_order.sql, R__stock.sql): refusals take no row lock, a wait for stock is
 * bounded (503 STOCK_BUSY), and the stock split across shards stays exact under orders, cancellations and
 * administrators' adjustments racing at once.
 */
class FlashSaleStockIT {
    /** How many of its orders the administrator follows with an adjustment, and how many orders are cancelled. */
    static final int ADJUSTMENTS = 40, CANCELLATIONS = 40;

    final RdsDataOrderRepository orders = new RdsDataOrderRepository(OrderIT.db());
    final List<String> products = new ArrayList<>();

    String product(int stock) {
        String id = OrderIT.product(stock, 100);
        products.add(id);
        return id;
    }

    /**
     * These orders are placed through the repository, with no read model to project them to: their outbox rows are
     * marked done, so the shared stack's relay (which other suites run in batches, oldest first) is not handed hundreds.
     */
    @AfterEach
    void settleTheOutbox() {
        for (String id : products) {
            OrderIT.db()
                    .execute(
                            "UPDATE outbox SET published_at = now() WHERE published_at IS NULL"
                                    + " AND order_id IN (SELECT order_id FROM order_items WHERE product_id = :id)",
                            DataApi.uuid("id", id));
        }
    }

    static OrderRequest one(String productId, int quantity) {
        return OrderRequest.of(List.of(new OrderLine(productId, quantity)));
    }

    Placement place(String userId, String key, String productId, int quantity) {
        return orders.place(UUID.randomUUID().toString(), userId, new IdempotencyKey(key), one(productId, quantity));
    }

    /**
     * {@link #place}, asked again with the same key when the database did not answer in time (the Data API's 45 s
     * statement timeout, which a crowd of 128 on a loaded 2-core machine once met), as a client does after a 503.
     */
    Placement placeOrAgain(String userId, String key, String productId, int quantity, AtomicLong unanswered) {
        for (int attempt = 1; ; attempt++) {
            try {
                return place(userId, key, productId, quantity);
            } catch (DomainException e) {
                if (!"DATABASE_UNAVAILABLE".equals(e.code()) || attempt == 3) {
                    throw e;
                }
                unanswered.incrementAndGet();
            }
        }
    }

    /** Holds the product's row and every shard of it in another transaction, as a slow order or an adjustment would. */
    static String holdAllStockRows(String productId) {
        String tx = OrderIT.db().begin();
        OrderIT.db().executeIn(tx, "SELECT gather_stock(:id)", List.of(DataApi.uuid("id", productId)));
        return tx;
    }

    @Test
    void aSoldOutProductIsRefusedWithoutWaitingForItsRowsWhileAnotherTransactionHoldsThem() {
        String productId = product(0);
        String holder = holdAllStockRows(productId);
        try {
            // Taking a lock would wait lock_timeout and answer STOCK_BUSY; the refusal comes from the snapshot instead.
            Placement refused = place("sold-out-" + UUID.randomUUID(), "k", productId, 1);
            assertInstanceOf(Placement.OutOfStock.class, refused, refused.toString());
            HttpResponse<String> response = OrderIT.order(OrderIT.user(), "sold-out", OrderIT.items(productId, 1));
            assertEquals(409, response.statusCode(), response.body());
            assertEquals(
                    "OUT_OF_STOCK",
                    UserSessionIT.json(response).get("error").get("code").asText());
        } finally {
            OrderIT.db().rollback(holder);
        }
    }

    @Test
    void anOrderThatCannotGetItsStockInTimeIs503StockBusyWithRetryAfterWritesNothingAndSucceedsOnRetry() {
        String productId = product(5);
        String token = OrderIT.user();
        String holder = holdAllStockRows(productId);
        HttpResponse<String> busy;
        try {
            busy = OrderIT.order(token, "busy", OrderIT.items(productId, 1));
        } finally {
            OrderIT.db().rollback(holder);
        }
        assertEquals(503, busy.statusCode(), busy.body());
        assertEquals(
                "STOCK_BUSY", UserSessionIT.json(busy).get("error").get("code").asText());
        assertTrue(
                busy.headers().firstValue("retry-after").isPresent(),
                busy.headers().toString());
        assertEquals(0, OrderIT.ordersFor(productId), "nothing written");
        assertEquals(5, OrderIT.stock(productId));

        HttpResponse<String> retried = OrderIT.order(token, "busy", OrderIT.items(productId, 1));
        assertEquals(201, retried.statusCode(), retried.body());
        assertEquals(4, OrderIT.stock(productId));
    }

    @Test
    void anArchivedProductIsRefusedEvenWhileItsShardsStillHoldStock() {
        String productId = product(640);
        assertInstanceOf(Placement.Created.class, place("archive-" + UUID.randomUUID(), "first", productId, 1));
        assertTrue(
                OrderIT.count("SELECT shard_stock(:id)", productId) > 0,
                "the first order dealt the pool to the shards");
        OrderIT.db().execute("UPDATE products SET archived_at = now() WHERE id = :id", DataApi.uuid("id", productId));
        assertInstanceOf(
                Placement.ProductArchived.class, place("archive-" + UUID.randomUUID(), "second", productId, 1));
        assertEquals(639, OrderIT.stock(productId));
    }

    @Test
    void anAdjustmentLargerThanThePoolGathersTheShardsAndRecordsTheExactStockAfter() {
        String productId = product(640);
        assertInstanceOf(Placement.Created.class, place("adjust-" + UUID.randomUUID(), "first", productId, 1));
        long pool = OrderIT.count("SELECT stock FROM products WHERE id = :id", productId);
        assertTrue(pool < 100, "most of the stock is in shards: pool " + pool);
        var row = OrderIT.db()
                .execute(
                        "SELECT outcome, stock FROM adjust_stock(gen_random_uuid(), :id, -100, 'damaged', 'admin-1')",
                        DataApi.uuid("id", productId))
                .records()
                .get(0);
        assertEquals("APPLIED", row.get(0).stringValue());
        assertEquals(539, row.get(1).longValue());
        assertEquals(
                539,
                OrderIT.count(
                        "SELECT stock_after FROM stock_adjustments WHERE product_id = :id AND delta = -100",
                        productId));
        assertEquals(539, OrderIT.stock(productId));
    }

    /**
     * The tail of a sale: the one shard with stock in the caller's snapshot is taken by another order while the caller
     * waits for it, stock has meanwhile reached another shard, and a third transaction holds a shard (as a caller that
     * waited for it does until it commits). The caller takes the other shard's unit; gathering every shard would wait
     * for the held one and answer STOCK_BUSY.
     */
    @Test
    void anOrderWhoseShardIsTakenWhileItWaitsTakesAnotherShardInsteadOfGatheringThemAll() throws Exception {
        String productId = productWithAUnitIn(3);
        List<SqlParameter> id = List.of(DataApi.uuid("id", productId));
        String taker = OrderIT.db().begin();
        String holder = null;
        try {
            OrderIT.db().executeIn(taker, "UPDATE stock_shards SET stock = 0 WHERE product_id = :id AND shard = 3", id);
            String takerPid = pid(taker);
            CompletableFuture<Placement> waiting =
                    CompletableFuture.supplyAsync(() -> place("tail-" + UUID.randomUUID(), "k", productId, 1));
            awaitBlockedBy(Map.of(3, takerPid), List.of(3));
            OrderIT.db().execute("UPDATE stock_shards SET stock = 1 WHERE product_id = :id AND shard = 7", id.get(0));
            holder = OrderIT.db().begin();
            OrderIT.db()
                    .executeIn(
                            holder, "SELECT 1 FROM stock_shards WHERE product_id = :id AND shard = 20 FOR UPDATE", id);
            OrderIT.db().commit(taker);
            taker = null;
            Placement placement = waiting.get(30, TimeUnit.SECONDS);
            assertInstanceOf(Placement.Created.class, placement, placement.toString());
        } finally {
            if (taker != null) {
                OrderIT.db().rollback(taker);
            }
            if (holder != null) {
                OrderIT.db().rollback(holder);
            }
        }
        assertEquals(0, OrderIT.stock(productId));
        assertEquals(
                0, OrderIT.count("SELECT stock FROM stock_shards WHERE product_id = :id AND shard = 7", productId));
    }

    /**
     * The tail of a sale, where the benchmark's callers used to pile up (BENCHMARKS-flash.md: sessions waiting on
     * stock_shards rows, the CPU idle, STOCK_BUSY answers): two shards hold the last units, each taken by an order that
     * has not committed yet, and a caller waits for one of them. When that order commits, the shard is empty: the
     * caller lets it go before it waits for the other one. Holding it meanwhile (as a FOR UPDATE that walks on to the
     * next row does) would make every caller queued on the emptied shard wait for the other order too.
     */
    @Test
    void aCallerLetsGoOfAShardEmptiedWhileItWaitedBeforeWaitingForAnother() throws Exception {
        String productId = productWithAUnitIn(3, 4);
        List<SqlParameter> id = List.of(DataApi.uuid("id", productId));
        Map<Integer, String> takers = new java.util.HashMap<>();
        Map<Integer, String> pids = new java.util.HashMap<>();
        try {
            for (int shard : List.of(3, 4)) {
                String taker = OrderIT.db().begin();
                takers.put(shard, taker);
                OrderIT.db()
                        .executeIn(
                                taker,
                                "UPDATE stock_shards SET stock = 0 WHERE product_id = :id AND shard = " + shard,
                                id);
                pids.put(shard, pid(taker));
            }
            CompletableFuture<Placement> waiting =
                    CompletableFuture.supplyAsync(() -> place("tail-" + UUID.randomUUID(), "k", productId, 1));
            int first = awaitBlockedBy(pids, List.of(3, 4));
            int second = first == 3 ? 4 : 3;
            OrderIT.db().commit(takers.remove(first));
            awaitBlockedBy(pids, List.of(second));

            String other = OrderIT.db().begin();
            try {
                assertDoesNotThrow(
                        () -> OrderIT.db()
                                .executeIn(
                                        other,
                                        "SELECT 1 FROM stock_shards WHERE product_id = :id AND shard = " + first
                                                + " FOR UPDATE NOWAIT",
                                        id),
                        "the emptied shard is free while the caller waits for the other one");
            } finally {
                OrderIT.db().rollback(other);
            }

            OrderIT.db().rollback(takers.remove(second));
            Placement placement = waiting.get(30, TimeUnit.SECONDS);
            assertInstanceOf(Placement.Created.class, placement, placement.toString());
        } finally {
            for (String taker : takers.values()) {
                OrderIT.db().rollback(taker);
            }
        }
        assertEquals(0, OrderIT.stock(productId));
    }

    /** A product with no stock in its pool and 32 shards, one unit in each of {@code shards}. */
    String productWithAUnitIn(Integer... shards) {
        String productId = product(0);
        OrderIT.db()
                .execute(
                        "INSERT INTO stock_shards (product_id, shard, stock) SELECT :id, g, CASE WHEN g IN ("
                                + String.join(
                                        ", ",
                                        java.util.Arrays.stream(shards)
                                                .map(String::valueOf)
                                                .toList())
                                + ") THEN 1 ELSE 0 END FROM generate_series(0, 31) g",
                        DataApi.uuid("id", productId));
        return productId;
    }

    private static String pid(String transaction) {
        return DataApi.string(
                OrderIT.db()
                        .executeIn(transaction, "SELECT pg_backend_pid()::text", List.of())
                        .records()
                        .get(0),
                0);
    }

    /** Waits until a session is blocked by one of the shards' takers; answers that shard. */
    private static int awaitBlockedBy(Map<Integer, String> pids, List<Integer> shards) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            for (int shard : shards) {
                long blocked = OrderIT.db()
                        .execute("SELECT count(*) FROM pg_stat_activity WHERE " + pids.get(shard)
                                + " = ANY (pg_blocking_pids(pid))")
                        .records()
                        .get(0)
                        .get(0)
                        .longValue();
                if (blocked > 0) {
                    return shard;
                }
            }
            assertTrue(System.nanoTime() < deadline, "the order waits for shard " + shards);
            Thread.sleep(5);
        }
    }

    /**
     * 128 callers order one product (1 to 3 units, retrying STOCK_BUSY with the same key) until it sells out, while
     * an administrator adjusts its stock and owners cancel orders: never oversold, one order per key, and the
     * stock is exactly what the ledger and the orders say.
     */
    @Test
    void aCrowdOf128SellsExactlyTheStockWhileCancellationsAndAdjustmentsRace() throws Exception {
        int initial = 600;
        String productId = product(initial);
        OrderIT.db()
                .execute(
                        "INSERT INTO stock_adjustments (id, product_id, delta, reason, stock_after, admin_id)"
                                + " VALUES (gen_random_uuid(), :id, " + initial + ", 'initial stock', " + initial
                                + ", 'test')",
                        DataApi.uuid("id", productId));
        String userId = "crowd-" + UUID.randomUUID();
        AtomicInteger keys = new AtomicInteger();
        AtomicLong busy = new AtomicLong();
        AtomicLong unanswered = new AtomicLong();
        AtomicInteger cancelled = new AtomicInteger();
        List<String> cancellable = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(OrderIT.RACERS);
        try {
            List<Callable<Integer>> callers = new ArrayList<>();
            for (int c = 0; c < OrderIT.RACERS; c++) {
                int caller = c;
                callers.add(() -> {
                    int placed = 0;
                    while (true) {
                        String key = "k" + keys.incrementAndGet();
                        int quantity = 1 + caller % 3;
                        Placement placement = placeOrAgain(userId, key, productId, quantity, unanswered);
                        for (int retry = 0; placement instanceof Placement.StockBusy && retry < 50; retry++) {
                            busy.incrementAndGet();
                            Thread.sleep(20);
                            placement = placeOrAgain(userId, key, productId, quantity, unanswered);
                        }
                        if (placement instanceof Placement.Created created) {
                            placed++;
                            if (caller % 16 == 0) {
                                cancellable.add(created.order().orderId());
                            }
                        } else if (placement instanceof Placement.OutOfStock) {
                            return placed;
                        } else {
                            throw new AssertionError("unexpected " + placement);
                        }
                        // Bounded: a last caller alone that restocked +7/-5 around its own 1-unit orders would never
                        // sell out (net 0 per two orders), which hung CI for 90 minutes once.
                        if (caller == 0 && placed <= ADJUSTMENTS) {
                            OrderIT.db()
                                    .execute(
                                            "SELECT adjust_stock(gen_random_uuid(), :id, " + (placed % 2 == 0 ? 7 : -5)
                                                    + ", 'race', 'admin-1')",
                                            DataApi.uuid("id", productId));
                        } else if (caller == 1 && cancelled.get() < CANCELLATIONS && !cancellable.isEmpty()) {
                            cancelled.incrementAndGet();
                            Transition transition = orders.cancel(userId, cancellable.remove(0));
                            assertInstanceOf(Transition.Changed.class, transition, transition.toString());
                        }
                    }
                });
            }
            for (Future<Integer> caller : pool.invokeAll(callers, 5, java.util.concurrent.TimeUnit.MINUTES)) {
                caller.get();
            }
        } finally {
            pool.shutdownNow();
        }
        // The crowd's last callers stop at their own quantity; one more caller buys what is left, one unit at a time.
        while (placeOrAgain(userId, "k" + keys.incrementAndGet(), productId, 1, unanswered)
                instanceof Placement.Created) {
            // bought one more
        }
        long adjusted = OrderIT.count("SELECT sum(delta) FROM stock_adjustments WHERE product_id = :id", productId);
        long held = OrderIT.count(
                "SELECT COALESCE(sum(i.quantity), 0) FROM order_items i JOIN orders o ON o.id = i.order_id"
                        + " WHERE i.product_id = :id AND o.status <> 'CANCELLED'",
                productId);
        long stock = OrderIT.stock(productId);
        assertEquals(0, stock, "sold out to the last unit");
        assertEquals(adjusted, stock + held, "stock + what live orders hold = what the ledger put in");
        assertEquals(
                0, OrderIT.count("SELECT count(*) FROM stock_shards WHERE product_id = :id AND stock < 0", productId));
        long ordered = OrderIT.db()
                .execute("SELECT count(*) FROM orders WHERE user_id = :u", DataApi.text("u", userId))
                .records()
                .get(0)
                .get(0)
                .longValue();
        assertEquals(
                keys.get() - OrderIT.RACERS - 1,
                ordered,
                "one order per key: each caller's last key and the sweep's last were refused, every other key ordered once");
        System.out.println("crowd of " + OrderIT.RACERS + ": " + held + " units held by live orders, " + busy.get()
                + " STOCK_BUSY retried, " + unanswered.get() + " unanswered statements asked again");
    }
}
