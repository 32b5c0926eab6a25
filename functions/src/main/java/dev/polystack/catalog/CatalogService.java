package dev.polystack.catalog;

import dev.polystack.shared.Admin;
import dev.polystack.shared.InvocationLog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The catalogue: what shoppers see (products for sale) and what administrators do to it. Every
 * administrative use case takes an {@link Admin}, which only a caller with the admin role yields, and
 * puts what it did and who did it on the invocation's log line ({@code catalogChange}).
 */
public final class CatalogService {
    private static final Pattern PRODUCT_ID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final ProductRepository products;
    private final ImageUrls images;

    public CatalogService(ProductRepository products, ImageUrls images) {
        this.products = products;
        this.images = images;
    }

    /** Where a browser loads the product's image from, if it has one. */
    public Optional<String> imageUrl(Product product) {
        return Optional.ofNullable(product.imageKey()).map(images::urlFor);
    }

    /** Whether a product exists, archived or not (for an image upload, which an archived product may get too). */
    public boolean exists(String productId) {
        return products.find(productId(productId)).isPresent();
    }

    /** A verified image becomes the product's, unless a newer one already is: the product's image key afterwards. */
    public Optional<String> attachImage(String productId, String key) {
        Optional<String> current = products.attachImage(productId(productId), key);
        current.ifPresent(image -> InvocationLog.note(
                "catalogChange", Map.of("action", "image", "productId", productId, "imageKey", image)));
        return current;
    }

    /** One page of the products for sale, and the cursor of the next page if there is one. */
    public record Page(List<Product> items, Optional<String> nextCursor) {}

    public Page page(ProductQuery query) {
        List<ProductRepository.Match> matches = products.page(query);
        if (matches.size() <= query.limit()) {
            return new Page(
                    matches.stream().map(ProductRepository.Match::product).toList(), Optional.empty());
        }
        ProductRepository.Match last = matches.get(query.limit() - 1);
        return new Page(
                matches.subList(0, query.limit()).stream()
                        .map(ProductRepository.Match::product)
                        .toList(),
                Optional.of(new ProductCursor(last.rank(), last.product().sku()).encode()));
    }

    /** A product a shopper may see; 404 PRODUCT_NOT_FOUND for an unknown or archived one. */
    public Product get(String productId) {
        return products.findForSale(productId(productId)).orElseThrow(CatalogErrors::productNotFound);
    }

    public Product create(Admin admin, ProductDraft draft) {
        String productId = UUID.randomUUID().toString();
        Product created = products.create(productId, draft, UUID.randomUUID().toString(), admin.userId())
                .orElseThrow(CatalogErrors::skuTaken);
        logged(admin, "create", created);
        return created;
    }

    /** 409 VERSION_CONFLICT when another edit came first; an edit whose answer was lost, repeated, is answered as done. */
    public Product edit(Admin admin, String productId, ProductChanges changes) {
        String id = productId(productId);
        Optional<Product> edited = products.edit(id, changes);
        if (edited.isEmpty()) {
            Product current = products.find(id).orElseThrow(CatalogErrors::productNotFound);
            if (!changes.appliedTo(current)) {
                throw CatalogErrors.versionConflict();
            }
            edited = Optional.of(current);
        }
        logged(admin, "edit", edited.get());
        return edited.get();
    }

    /** 409 STOCK_OUT_OF_RANGE (nothing written) when the stock would go below 0 or above the maximum. */
    public Product adjustStock(Admin admin, String productId, StockAdjustment adjustment) {
        ProductRepository.StockResult result =
                products.adjustStock(UUID.randomUUID().toString(), productId(productId), adjustment, admin.userId());
        return switch (result.outcome()) {
            case NOT_FOUND -> throw CatalogErrors.productNotFound();
            case OUT_OF_RANGE ->
                throw CatalogErrors.stockOutOfRange(result.product().stock(), ProductDraft.MAX_STOCK);
            case APPLIED -> {
                logged(
                        admin,
                        "stock " + (adjustment.delta() > 0 ? "+" : "") + adjustment.delta() + ": "
                                + adjustment.reason(),
                        result.product());
                yield result.product();
            }
        };
    }

    /** Hidden from shoppers and no longer orderable; past orders keep it. Archiving an archived product changes nothing. */
    public Product archive(Admin admin, String productId) {
        return setArchived(admin, productId, true);
    }

    public Product restore(Admin admin, String productId) {
        return setArchived(admin, productId, false);
    }

    private Product setArchived(Admin admin, String productId, boolean archived) {
        String id = productId(productId);
        Product product = products.setArchived(id, archived)
                .or(() -> products.find(id))
                .orElseThrow(CatalogErrors::productNotFound);
        logged(admin, archived ? "archive" : "restore", product);
        return product;
    }

    /** A well-formed product id; anything else cannot name a product. */
    private static String productId(String productId) {
        String id = productId == null ? "" : productId.toLowerCase(Locale.ROOT);
        if (!PRODUCT_ID.matcher(id).matches()) {
            throw CatalogErrors.productNotFound();
        }
        return id;
    }

    private static void logged(Admin admin, String action, Product product) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("actor", admin.describe());
        change.put("action", action);
        change.put("productId", product.productId());
        change.put("version", product.version());
        change.put("stock", product.stock());
        InvocationLog.note("catalogChange", change);
    }
}
