package dev.polystack.catalog.adapter;

import dev.polystack.catalog.Product;
import dev.polystack.catalog.ProductRepository;
import dev.polystack.shared.adapter.DataApi;
import java.util.List;
import software.amazon.awssdk.services.rdsdata.model.Field;

public final class RdsDataProductRepository implements ProductRepository {
    static final String LIST = """
            SELECT id, sku, name, price_cents, stock
            FROM products
            ORDER BY sku
            LIMIT :limit""";

    private final DataApi db;

    public RdsDataProductRepository(DataApi db) {
        this.db = db;
    }

    @Override
    public List<Product> listAll(int limit) {
        return db.execute(LIST, DataApi.number("limit", limit)).records().stream()
                .map(RdsDataProductRepository::toProduct)
                .toList();
    }

    static Product toProduct(List<Field> record) {
        return new Product(
                DataApi.string(record, 0),
                DataApi.string(record, 1),
                DataApi.string(record, 2),
                DataApi.longValue(record, 3),
                (int) DataApi.longValue(record, 4));
    }
}
