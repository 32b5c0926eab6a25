package dev.polystack.local.contract;

import dev.polystack.catalog.ProductRepository;
import dev.polystack.catalog.ProductRepositoryContract;
import dev.polystack.catalog.adapter.RdsDataProductRepository;

/** The product port's contract against its adapter on PostgreSQL behind the Data API emulator. */
class RdsDataProductRepositoryContractIT extends ProductRepositoryContract {
    private final ProductRepository products =
            new RdsDataProductRepository(LocalStores.dataApi(), RdsDataProductRepository.DEFAULT_LANGUAGE);

    @Override
    protected ProductRepository products() {
        return products;
    }
}
