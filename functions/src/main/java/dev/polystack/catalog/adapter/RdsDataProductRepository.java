package dev.polystack.catalog.adapter;

import dev.polystack.catalog.Product;
import dev.polystack.catalog.ProductChanges;
import dev.polystack.catalog.ProductCursor;
import dev.polystack.catalog.ProductDraft;
import dev.polystack.catalog.ProductQuery;
import dev.polystack.catalog.ProductRepository;
import dev.polystack.catalog.StockAdjustment;
import dev.polystack.shared.adapter.DataApi;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.rdsdata.model.Field;
import software.amazon.awssdk.services.rdsdata.model.SqlParameter;

/**
 * Products through the Data API, every statement one call and one transaction, every value a bound
 * parameter. Each write can be repeated safely (the Data API client retries after a lost answer):
 * creation by its product id, stock adjustments by their adjustment id, edits by their version,
 * archiving because it only changes a product that is not archived yet.
 */
public final class RdsDataProductRepository implements ProductRepository {
    /**
     * A product's columns, in the order {@link #toProduct} reads them. Its stock is its pool plus what its
     * shards hold (migration V8, R__stock.sql), read from the statement's snapshot without locking.
     */
    static final String COLUMNS =
            "id, sku, name, description, price_cents, stock + shard_stock(id) AS stock, version, archived_at IS NOT NULL, image_key";
    /** The shoppers' filters; each is off when its parameter is NULL. */
    static final String FILTERS = """
              AND (CAST(:minPrice AS bigint) IS NULL OR p.price_cents >= CAST(:minPrice AS bigint))
              AND (CAST(:maxPrice AS bigint) IS NULL OR p.price_cents <= CAST(:maxPrice AS bigint))
              AND (CAST(:inStock AS boolean) IS NULL OR (p.stock + shard_stock(p.id) > 0) = CAST(:inStock AS boolean))
            """;
    /** Products for sale by SKU, after the cursor's SKU. */
    static final String BROWSE = "SELECT " + COLUMNS + """
             FROM products p
            WHERE p.archived_at IS NULL
              AND (CAST(:afterSku AS text) IS NULL OR p.sku > CAST(:afterSku AS text))
            """ + FILTERS + """
            ORDER BY p.sku
            LIMIT :limit""";
    /**
     * Products for sale whose name or description matches the words, best first: ts_rank over the
     * weighted tsvector, rounded so that the cursor can carry it exactly, then SKU. websearch_to_tsquery
     * reads any input as search words (quotes, "or", "-" at most), so nothing in it is syntax to fail on.
     */
    static final String SEARCH = "SELECT " + COLUMNS
            + ", rank FROM (SELECT p.*, round(ts_rank(p.search, query)::numeric, 6) AS rank" + """
             FROM products p, websearch_to_tsquery(CAST(:language AS regconfig), CAST(:q AS text)) AS query
            WHERE p.archived_at IS NULL
              AND p.search @@ query
            """ + FILTERS + """
            ) p
            WHERE CAST(:afterSku AS text) IS NULL
               OR p.rank < CAST(:afterRank AS numeric)
               OR (p.rank = CAST(:afterRank AS numeric) AND p.sku > CAST(:afterSku AS text))
            ORDER BY p.rank DESC, p.sku
            LIMIT :limit""";

    static final String FIND_FOR_SALE = "SELECT " + COLUMNS + " FROM products WHERE id = :id AND archived_at IS NULL";
    static final String FIND = "SELECT " + COLUMNS + " FROM products WHERE id = :id";
    /** The insert, and its initial stock in the ledger; after a lost answer, the repeat finds the product by its id. */
    static final String CREATE =
            """
            WITH inserted AS (
                INSERT INTO products (id, sku, name, description, price_cents, stock, search_language)
                VALUES (:id, :sku, :name, :description, :priceCents, CAST(:stock AS integer), CAST(:language AS regconfig))
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
    static final String ADJUST_STOCK =
            "SELECT * FROM adjust_stock(:adjustmentId, :id, CAST(:delta AS integer), :reason, :adminId)";
    /** Newer keys win (one product's keys differ only in their time-ordered upload id; "C" compares them byte by byte). */
    static final String ATTACH_IMAGE = """
            WITH attached AS (
                UPDATE products SET image_key = :key, updated_at = now()
                 WHERE id = :id AND (image_key IS NULL OR image_key COLLATE "C" < CAST(:key AS text) COLLATE "C")
                RETURNING image_key
            )
            SELECT image_key FROM attached
            UNION ALL
            SELECT image_key FROM products WHERE id = :id AND NOT EXISTS (SELECT 1 FROM attached)""";

    static final String ARCHIVE =
            "UPDATE products SET archived_at = now(), updated_at = now() WHERE id = :id AND archived_at IS NULL RETURNING "
                    + COLUMNS;
    static final String RESTORE =
            "UPDATE products SET archived_at = NULL, updated_at = now() WHERE id = :id AND archived_at IS NOT NULL RETURNING "
                    + COLUMNS;

    /** PostgreSQL's name for a text search configuration ({@code english}, {@code german}, {@code simple}, …). */
    private static final Pattern LANGUAGE = Pattern.compile("[a-z_]{1,63}");

    public static final String DEFAULT_LANGUAGE = "english";

    private final DataApi db;
    private final String language;

    /** {@code language}: the text search configuration new products are indexed with and searches use (SEARCH_LANGUAGE). */
    public RdsDataProductRepository(DataApi db, String language) {
        if (!LANGUAGE.matcher(language).matches()) {
            throw new IllegalArgumentException(
                    "SEARCH_LANGUAGE must name a PostgreSQL text search configuration, for example english: "
                            + language);
        }
        this.db = db;
        this.language = language;
    }

    @Override
    public List<Match> page(ProductQuery query) {
        List<SqlParameter> parameters = new ArrayList<>(List.of(
                DataApi.number("minPrice", query.minPriceCents().orElse(null)),
                DataApi.number("maxPrice", query.maxPriceCents().orElse(null)),
                DataApi.bool("inStock", query.inStock().orElse(null)),
                DataApi.text("afterSku", query.after().map(ProductCursor::sku).orElse(null)),
                DataApi.number("limit", query.limit() + 1)));
        if (query.text().isEmpty()) {
            return db.execute(BROWSE, parameters.toArray(SqlParameter[]::new)).records().stream()
                    .map(row -> new Match(toProduct(row, 0), Optional.empty()))
                    .toList();
        }
        parameters.add(DataApi.text("language", language));
        parameters.add(DataApi.text("q", query.text().get()));
        parameters.add(DataApi.text(
                "afterRank",
                query.after()
                        .flatMap(ProductCursor::rank)
                        .map(BigDecimal::toPlainString)
                        .orElse(null)));
        return db.execute(SEARCH, parameters.toArray(SqlParameter[]::new)).records().stream()
                .map(row -> new Match(toProduct(row, 0), Optional.of(new BigDecimal(DataApi.string(row, 9)))))
                .toList();
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
        return one(
                CREATE,
                DataApi.uuid("id", productId),
                DataApi.text("sku", draft.sku()),
                DataApi.text("name", draft.name()),
                DataApi.text("description", draft.description()),
                DataApi.number("priceCents", draft.priceCents()),
                DataApi.number("stock", draft.stock()),
                DataApi.uuid("adjustmentId", adjustmentId),
                DataApi.text("adminId", adminId),
                DataApi.text("language", language));
    }

    @Override
    public Optional<Product> edit(String productId, ProductChanges changes) {
        return one(
                EDIT,
                DataApi.uuid("id", productId),
                DataApi.number("version", changes.expectedVersion()),
                DataApi.text("name", changes.name().orElse(null)),
                DataApi.text("description", changes.description().orElse(null)),
                DataApi.number("priceCents", changes.priceCents().orElse(null)));
    }

    @Override
    public StockResult adjustStock(String adjustmentId, String productId, StockAdjustment adjustment, String adminId) {
        List<Field> row = db.execute(
                        ADJUST_STOCK,
                        DataApi.uuid("adjustmentId", adjustmentId),
                        DataApi.uuid("id", productId),
                        DataApi.number("delta", adjustment.delta()),
                        DataApi.text("reason", adjustment.reason()),
                        DataApi.text("adminId", adminId))
                .records()
                .get(0);
        StockResult.Outcome outcome = StockResult.Outcome.valueOf(DataApi.string(row, 0));
        return new StockResult(outcome, outcome == StockResult.Outcome.NOT_FOUND ? null : toProduct(row, 1));
    }

    @Override
    public Optional<Product> setArchived(String productId, boolean archived) {
        return one(archived ? ARCHIVE : RESTORE, DataApi.uuid("id", productId));
    }

    @Override
    public Optional<String> attachImage(String productId, String key) {
        List<List<Field>> rows = db.execute(ATTACH_IMAGE, DataApi.uuid("id", productId), DataApi.text("key", key))
                .records();
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(DataApi.string(rows.get(0), 0));
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
