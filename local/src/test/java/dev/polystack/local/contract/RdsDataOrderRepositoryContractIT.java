package dev.polystack.local.contract;

import dev.polystack.catalog.ProductDraft;
import dev.polystack.catalog.adapter.RdsDataProductRepository;
import dev.polystack.order.OrderRepository;
import dev.polystack.order.OrderRepositoryContract;
import dev.polystack.order.adapter.RdsDataOrderRepository;
import java.util.UUID;

/** The order port's contract against its adapter on PostgreSQL behind the Data API emulator; products come from the catalogue's adapter. */
class RdsDataOrderRepositoryContractIT extends OrderRepositoryContract {
    private final OrderRepository orders = new RdsDataOrderRepository(LocalStores.dataApi());
    private final RdsDataProductRepository products =
            new RdsDataProductRepository(LocalStores.dataApi(), RdsDataProductRepository.DEFAULT_LANGUAGE);

    @Override
    protected OrderRepository orders() {
        return orders;
    }

    @Override
    protected String product(int stock, long priceCents) {
        String id = UUID.randomUUID().toString();
        products.create(
                        id,
                        new ProductDraft("SKU-" + id, "Contract product", "", priceCents, stock),
                        UUID.randomUUID().toString(),
                        "7f1c3e0a-3b9e-4c55-9d2f-0c4f5b6a7e81")
                .orElseThrow();
        return id;
    }

    @Override
    protected void archive(String productId) {
        products.setArchived(productId, true).orElseThrow();
    }
}
