package dev.polystack.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link OrderRepository} does: the fake ({@code FakeOrdersContractTest}) and the PostgreSQL
 * adapter through the Data API emulator ({@code RdsDataOrderRepositoryContractIT}). Every test makes
 * its own products, users and keys, so the database may be shared.
 */
public abstract class OrderRepositoryContract {
    protected abstract OrderRepository orders();

    /** A product for sale with this stock and price; its id. */
    protected abstract String product(int stock, long priceCents);

    protected abstract void archive(String productId);

    final String userId = UUID.randomUUID().toString();

    static OrderRequest request(String productId, int quantity) {
        return OrderRequest.of(List.of(new OrderLine(productId, quantity)));
    }

    Placement place(String user, String key, OrderRequest request) {
        return orders().place(UUID.randomUUID().toString(), user, new IdempotencyKey(key), request);
    }

    Order created(String productId, int quantity) {
        return assertInstanceOf(
                        Placement.Created.class,
                        place(userId, UUID.randomUUID().toString(), request(productId, quantity)))
                .order();
    }

    @Test
    public void aPlacedOrderIsConfirmedAtTheProductsPriceAndFoundByItsOwnerOnly() {
        String mug = product(5, 1299);
        Order order = created(mug, 2);
        assertEquals("CONFIRMED", order.status());
        assertEquals(1, order.version());
        assertEquals(2598, order.totalCents());
        assertEquals(
                List.of(mug), order.items().stream().map(Order.Item::productId).toList());
        assertEquals(1299, order.items().get(0).unitPriceCents());
        assertEquals(order, orders().find(userId, order.orderId()).orElseThrow());
        assertTrue(
                orders().find(UUID.randomUUID().toString(), order.orderId()).isEmpty(),
                "another user's id finds nothing");
    }

    @Test
    public void aKeyReplaysItsOwnOrderRefusesADifferentOneAndBelongsToItsUser() {
        String mug = product(5, 1299);
        Order first = assertInstanceOf(Placement.Created.class, place(userId, "key-1", request(mug, 1)))
                .order();
        assertEquals(
                first,
                assertInstanceOf(Placement.Existing.class, place(userId, "key-1", request(mug, 1)))
                        .order());
        assertInstanceOf(Placement.KeyReused.class, place(userId, "key-1", request(mug, 2)));
        assertInstanceOf(
                Placement.Created.class,
                place(UUID.randomUUID().toString(), "key-1", request(mug, 1)),
                "another user's key");
        assertEquals(1, orders().history(userId).size());
        assertEquals(3, created(mug, 3).items().get(0).quantity(), "the replay took no stock: 3 of 5 left");
    }

    @Test
    public void anUnknownArchivedOrMissingProductIsRefusedAndNothingIsWritten() {
        String unknown = UUID.randomUUID().toString();
        assertEquals(new Placement.UnknownProduct(unknown), place(userId, "k1", request(unknown, 1)));
        String archived = product(5, 100);
        archive(archived);
        assertEquals(new Placement.ProductArchived(archived), place(userId, "k2", request(archived, 1)));
        String scarce = product(2, 100);
        Placement short1 = place(userId, "k3", request(scarce, 3));
        Placement.OutOfStock outOfStock = assertInstanceOf(Placement.OutOfStock.class, short1);
        assertEquals(scarce, outOfStock.productId());
        assertEquals(2, outOfStock.available());
        assertEquals(3, outOfStock.requested());
        assertTrue(orders().history(userId).isEmpty());
    }

    @Test
    public void anOrderTakesItsStockAndACancelGivesItBack() {
        String mug = product(3, 100);
        Order order = created(mug, 3);
        assertInstanceOf(
                Placement.OutOfStock.class, place(userId, UUID.randomUUID().toString(), request(mug, 1)));
        Transition.Changed cancelled =
                assertInstanceOf(Transition.Changed.class, orders().cancel(userId, order.orderId()));
        assertEquals("CANCELLED", cancelled.order().status());
        assertEquals(2, cancelled.order().version());
        assertEquals(userId, cancelled.userId());
        assertInstanceOf(Transition.Unchanged.class, orders().cancel(userId, order.orderId()), "a second cancel");
        created(mug, 3);
        assertInstanceOf(
                Placement.OutOfStock.class,
                place(userId, UUID.randomUUID().toString(), request(mug, 1)),
                "returned once, not twice");
    }

    @Test
    public void statusesMoveOnlyFromTheirPredecessor() {
        Order order = created(product(5, 100), 1);
        assertInstanceOf(
                Transition.NotFound.class,
                orders().cancel(UUID.randomUUID().toString(), order.orderId()),
                "not the owner");
        assertEquals(
                new Transition.Conflict(OrderStatus.CONFIRMED),
                orders().changeStatus(order.orderId(), Optional.of(OrderStatus.SHIPPED), OrderStatus.DELIVERED));
        assertEquals(
                new Transition.Conflict(OrderStatus.CONFIRMED),
                orders().changeStatus(order.orderId(), Optional.empty(), OrderStatus.CANCELLED));
        Transition.Changed shipped = assertInstanceOf(
                Transition.Changed.class,
                orders().changeStatus(order.orderId(), Optional.of(OrderStatus.CONFIRMED), OrderStatus.SHIPPED));
        assertEquals(2, shipped.order().version());
        assertInstanceOf(
                Transition.Unchanged.class,
                orders().changeStatus(order.orderId(), Optional.of(OrderStatus.CONFIRMED), OrderStatus.SHIPPED));
        assertEquals(new Transition.Conflict(OrderStatus.SHIPPED), orders().cancel(userId, order.orderId()));
        assertInstanceOf(
                Transition.NotFound.class,
                orders().changeStatus(
                                UUID.randomUUID().toString(), Optional.of(OrderStatus.CONFIRMED), OrderStatus.SHIPPED));
    }

    @Test
    public void theHistoryIsOldestFirst() {
        String mug = product(5, 100);
        Order first = created(mug, 1);
        Order second = created(mug, 1);
        assertEquals(
                List.of(first.orderId(), second.orderId()),
                orders().history(userId).stream().map(Order::orderId).toList());
    }

    @Test
    public void anOutboxRowWaitsOutItsGraceAndIsDoneOncePublished() {
        Order order = created(product(5, 100), 1);
        assertFalse(unpublishedVersions(order, Duration.ofHours(1)).contains(1L), "younger than the grace");
        assertEquals(List.of(1L), unpublishedVersions(order, Duration.ZERO));
        orders().changeStatus(order.orderId(), Optional.of(OrderStatus.CONFIRMED), OrderStatus.SHIPPED);
        orders().markPublished(order.orderId(), 1);
        assertEquals(
                List.of(2L),
                unpublishedVersions(order, Duration.ZERO),
                "only the rows up to the published version are done");
        orders().markPublished(order.orderId(), 2);
        assertTrue(unpublishedVersions(order, Duration.ZERO).isEmpty());
    }

    private List<Long> unpublishedVersions(Order order, Duration grace) {
        return orders().unpublished(grace, 100_000).stream()
                .map(OrderRepository.OutboxEntry::summary)
                .filter(s -> s.orderId().equals(order.orderId()))
                .map(OrderSummary::version)
                .toList();
    }
}
