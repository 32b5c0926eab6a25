package dev.polystack.local.contract;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.polystack.catalog.ProductDraft;
import dev.polystack.catalog.adapter.RdsDataProductRepository;
import dev.polystack.order.IdempotencyKey;
import dev.polystack.order.OrderLine;
import dev.polystack.order.OrderRequest;
import dev.polystack.order.Placement;
import dev.polystack.order.adapter.RdsDataOrderRepository;
import dev.polystack.shared.adapter.DataApi;
import java.util.List;
import java.util.UUID;

/**
 * One product of its own (price 100, stock 100) and one-line orders of it, made through the catalogue's
 * and the order's adapters as the API makes them: for contracts whose rows come from placed orders.
 */
final class Placements {
    private static final String ADMIN = "7f1c3e0a-3b9e-4c55-9d2f-0c4f5b6a7e81";

    final RdsDataOrderRepository orders;
    private final String productId = UUID.randomUUID().toString();

    Placements(DataApi db, String productName) {
        orders = new RdsDataOrderRepository(db);
        new RdsDataProductRepository(db, RdsDataProductRepository.DEFAULT_LANGUAGE)
                .create(
                        productId,
                        new ProductDraft("SKU-" + productId, productName, "", 100, 100),
                        UUID.randomUUID().toString(),
                        ADMIN)
                .orElseThrow();
    }

    /** Places one unit for the user; answers the order's id. */
    String place(String userId) {
        Placement placement = orders.place(
                UUID.randomUUID().toString(),
                userId,
                new IdempotencyKey("contract-" + UUID.randomUUID()),
                OrderRequest.of(List.of(new OrderLine(productId, 1))));
        return assertInstanceOf(Placement.Created.class, placement).order().orderId();
    }
}
