package dev.polystack.catalog;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/** Products in PostgreSQL, the source of truth for prices and stock. */
public interface ProductRepository {
    /**
     * The products for sale that match the query, from just after its cursor: up to {@code limit + 1}
     * (one more tells whether a next page exists). A search is ordered by rank, best first, then SKU,
     * with each product's rank; a listing by SKU (rank empty).
     */
    List<Match> page(ProductQuery query);

    record Match(Product product, Optional<BigDecimal> rank) {}

    /** The product if it exists and is not archived: what a shopper may see. */
    Optional<Product> findForSale(String productId);

    /** The product in any state: what an administrator works on. */
    Optional<Product> find(String productId);

    /**
     * Inserts the product (with its initial stock in the ledger, as {@code adjustmentId}); empty if another
     * product has the SKU. Repeating it with the same id finds the product it made.
     */
    Optional<Product> create(String productId, ProductDraft draft, String adjustmentId, String adminId);

    /** Applies the changes if the stored version is the expected one; empty otherwise (or if there is no such product). */
    Optional<Product> edit(String productId, ProductChanges changes);

    /**
     * Adds {@code delta} to the stock in one atomic statement that orders it with concurrent orders and
     * never takes the stock below 0; recorded as {@code adjustmentId}, so repeating it changes nothing more.
     */
    StockResult adjustStock(String adjustmentId, String productId, StockAdjustment adjustment, String adminId);

    /** Archives or restores the product if it is not so already; empty otherwise (or if there is no such product). */
    Optional<Product> setArchived(String productId, boolean archived);

    /**
     * Makes {@code key} the product's image unless its image is newer (keys of one product sort by upload
     * time); the product's image key afterwards, empty if there is no such product. Repeatable.
     */
    Optional<String> attachImage(String productId, String key);

    record StockResult(Outcome outcome, Product product) {
        public enum Outcome {
            APPLIED,
            NOT_FOUND,
            OUT_OF_RANGE
        }
    }
}
