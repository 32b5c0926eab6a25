package dev.polystack.catalog.adapter;

import dev.polystack.catalog.Product;
import dev.polystack.catalog.ProductChanges;
import dev.polystack.catalog.ProductDraft;
import dev.polystack.catalog.ProductRepository;
import dev.polystack.catalog.StockAdjustment;
import dev.polystack.shared.adapter.DataApi;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.rdsdata.model.Field;
import software.amazon.awssdk.services.rdsdata.model.SqlParameter;

/**
 * Products through the Data API, every statement one call and one transaction, every value a bound
 * parameter. Each write can be repeated safely (the Data API client retries after a lost answer):
 * creation by its product id, stock adjustments by their adjustment id, edits by their version,
 * archiving because it only changes a product that is not archived yet.
 */
public final class RdsDataProductRepository implements ProductRepository {
    /** A product's columns, in the order {@link #toProduct} reads them. */
    static final String COLUMNS = "id, sku, name, description, price_cents, stock, version, archived_at IS NOT NULL, image_key";
    static final String LIST = "SELECT " + COLUMNS + """
             FROM products
            WHERE archived_at IS NULL
            ORDER BY sku
            LIMIT :limit""";
    static final String FIND_FOR_SALE = "SELECT " + COLUMNS + " FROM products WHERE id = :id AND archived_at IS NULL";
    static final String FIND = "SELECT " + COLUMNS + " FROM products WHERE id = :id";
    /** The insert, and its initial stock in the ledger; after a lost answer, the repeat finds the product by its id. */
    static final String CREATE = """
            WITH inserted AS (
                INSERT INTO products (id, sku, name, description, price_cents, stock)
                VALUES (:id, :sku, :name, :description, :priceCents, CAST(:stock AS integer))
                ON CONFLICT (sku) DO NOTHING
                RETURNING\s""" + COLUMNS + """
            ), ledger AS (
                INSERT INTO stock_adjustments (id, product_id, delta, reason, stock_after, admin_id)
                SELECT :adjustmentId, i.id, i.stock, 'initial stock', i.stock, :adminId FROM inserted i WHERE i.stock > 0
            )
            SELECT * FROM inserted
            UNION ALL
            SELECT\s""" + COLUMNS + " FROM products WHERE id = :id AND NOT EXISTS (SELECT 1 FROM inserted)";
    static final String EDIT = """
            UPDATE products
               SET name = COALESCE(CAST(:name AS text), name),
                   description = COALESCE(CAST(:description AS text), description),
                   price_cents = COALESCE(CAST(:priceCents AS bigint), price_cents),
                   version = version + 1,
                   updated_at = now()
             WHERE id = :id AND version = :version
            RETURNING\s""" + COLUMNS;
    static final String ADJUST_STOCK = "SELECT * FROM adjust_stock(:adjustmentId, :id, CAST(:delta AS integer), :reason, :adminId)";
    static final String ARCHIVE = "UPDATE products SET archived_at = now(), updated_at = now() WHERE id = :id AND archived_at IS NULL RETURNING " + COLUMNS;
    static final String RESTORE = "UPDATE products SET archived_at = NULL, updated_at = now() WHERE id = :id AND archived_at IS NOT NULL RETURNING " + COLUMNS;

    private final DataApi db;

    public RdsDataProductRepository(DataApi db) {
        this.db = db;
    }

    @Override
    public List<Product> listAll(int limit) {
        return db.execute(LIST, DataApi.number("limit", limit)).records().stream().map(row -> toProduct(row, 0)).toList();
    }

    @Override
    public Optional<Product> findForSale(String productId) {
        return one(FIND_FOR_SALE, DataApi.uuid("id", productId));
    }

    @Override
    public Optional<Product> find(String productId) {
        return one(FIND, DataApi.uuid("id", productId));
    }

    @Override
    public Optional<Product> create(String productId, ProductDraft draft, String adjustmentId, String adminId) {
        return one(CREATE, DataApi.uuid("id", productId), DataApi.text("sku", draft.sku()), DataApi.text("name", draft.name()),
                DataApi.text("description", draft.description()), DataApi.number("priceCents", draft.priceCents()),
                DataApi.number("stock", draft.stock()), DataApi.uuid("adjustmentId", adjustmentId), DataApi.text("adminId", adminId));
    }

    @Override
    public Optional<Product> edit(String productId, ProductChanges changes) {
        return one(EDIT, DataApi.uuid("id", productId), DataApi.number("version", changes.expectedVersion()),
                DataApi.text("name", changes.name().orElse(null)), DataApi.text("description", changes.description().orElse(null)),
                DataApi.number("priceCents", changes.priceCents().orElse(null)));
    }

    @Override
    public StockResult adjustStock(String adjustmentId, String productId, StockAdjustment adjustment, String adminId) {
        List<Field> row = db.execute(ADJUST_STOCK, DataApi.uuid("adjustmentId", adjustmentId), DataApi.uuid("id", productId),
                DataApi.number("delta", adjustment.delta()), DataApi.text("reason", adjustment.reason()), DataApi.text("adminId", adminId))
                .records().get(0);
        StockResult.Outcome outcome = StockResult.Outcome.valueOf(DataApi.string(row, 0));
        return new StockResult(outcome, outcome == StockResult.Outcome.NOT_FOUND ? null : toProduct(row, 1));
    }

    @Override
    public Optional<Product> setArchived(String productId, boolean archived) {
        return one(archived ? ARCHIVE : RESTORE, DataApi.uuid("id", productId));
    }

    private Optional<Product> one(String sql, SqlParameter... parameters) {
        List<List<Field>> rows = db.execute(sql, parameters).records();
        return rows.isEmpty() ? Optional.empty() : Optional.of(toProduct(rows.get(0), 0));
    }

    /** The product in {@link #COLUMNS}, starting at column {@code first}. */
    static Product toProduct(List<Field> row, int first) {
        return new Product(
                DataApi.string(row, first),
                DataApi.string(row, first + 1),
                DataApi.string(row, first + 2),
                DataApi.string(row, first + 3),
                DataApi.longValue(row, first + 4),
                (int) DataApi.longValue(row, first + 5),
                DataApi.longValue(row, first + 6),
                Boolean.TRUE.equals(row.get(first + 7).booleanValue()),
                DataApi.string(row, first + 8));
    }
}
