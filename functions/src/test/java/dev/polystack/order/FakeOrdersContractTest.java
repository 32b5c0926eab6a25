package dev.polystack.order;

import java.util.UUID;

/** The orders' fake ({@code OrderHandlersTest.FakeOrders}) keeps the order port's contract. */
class FakeOrdersContractTest extends OrderRepositoryContract {
    private final OrderHandlersTest.FakeOrders orders = new OrderHandlersTest.FakeOrders();

    @Override
    protected OrderRepository orders() {
        return orders;
    }

    @Override
    protected String product(int stock, long priceCents) {
        String id = UUID.randomUUID().toString();
        orders.catalogue.put(id, new OrderHandlersTest.FakeOrders.Stocked("SKU-" + id, priceCents, stock, false));
        return id;
    }

    @Override
    protected void archive(String productId) {
        orders.catalogue.computeIfPresent(
                productId,
                (id, p) -> new OrderHandlersTest.FakeOrders.Stocked(p.sku(), p.priceCents(), p.stock(), true));
    }
}
