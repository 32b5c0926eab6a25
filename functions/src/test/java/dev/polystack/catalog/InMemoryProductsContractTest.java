package dev.polystack.catalog;

/** The catalogue's fake keeps the product port's contract. */
class InMemoryProductsContractTest extends ProductRepositoryContract {
    private final InMemoryProducts products = new InMemoryProducts();

    @Override
    protected ProductRepository products() {
        return products;
    }
}
