package dev.polystack.catalog;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** The product port in memory, with the PostgreSQL adapter's rules (unique SKU, version guard, stock within range, archiving). */
public final class InMemoryProducts implements ProductRepository {
    public final Map<String, Product> byId = new ConcurrentHashMap<>();
    /** Every stock change: product id, delta, reason, admin. */
    public final List<String> ledger = new CopyOnWriteArrayList<>();
    /** When set, every call fails with what it supplies (a store that is down or broken). */
    public volatile Supplier<RuntimeException> failure;

    public Product add(Product product) {
        byId.put(product.productId(), product);
        return product;
    }

    private void maybeFail() {
        if (failure != null) {
            throw failure.get();
        }
    }

    @Override
    public List<Product> listAll(int limit) {
        maybeFail();
        return byId.values().stream().filter(p -> !p.archived()).sorted(Comparator.comparing(Product::sku)).limit(limit).toList();
    }

    @Override
    public Optional<Product> findForSale(String productId) {
        return find(productId).filter(p -> !p.archived());
    }

    @Override
    public Optional<Product> find(String productId) {
        maybeFail();
        return Optional.ofNullable(byId.get(productId));
    }

    @Override
    public synchronized Optional<Product> create(String productId, ProductDraft draft, String adjustmentId, String adminId) {
        maybeFail();
        if (byId.values().stream().anyMatch(p -> p.sku().equals(draft.sku()))) {
            return Optional.empty();
        }
        if (draft.stock() > 0) {
            ledger.add(productId + " " + draft.stock() + " initial stock " + adminId);
        }
        return Optional.of(add(new Product(productId, draft.sku(), draft.name(), draft.description(), draft.priceCents(), draft.stock(), 1, false, null)));
    }

    @Override
    public synchronized Optional<Product> edit(String productId, ProductChanges changes) {
        maybeFail();
        Product p = byId.get(productId);
        if (p == null || p.version() != changes.expectedVersion()) {
            return Optional.empty();
        }
        return Optional.of(add(new Product(p.productId(), p.sku(), changes.name().orElse(p.name()), changes.description().orElse(p.description()),
                changes.priceCents().orElse(p.priceCents()), p.stock(), p.version() + 1, p.archived(), p.imageKey())));
    }

    @Override
    public synchronized StockResult adjustStock(String adjustmentId, String productId, StockAdjustment adjustment, String adminId) {
        maybeFail();
        Product p = byId.get(productId);
        if (p == null) {
            return new StockResult(StockResult.Outcome.NOT_FOUND, null);
        }
        long after = (long) p.stock() + adjustment.delta();
        if (after < 0 || after > ProductDraft.MAX_STOCK) {
            return new StockResult(StockResult.Outcome.OUT_OF_RANGE, p);
        }
        ledger.add(productId + " " + adjustment.delta() + " " + adjustment.reason() + " " + adminId);
        return new StockResult(StockResult.Outcome.APPLIED, add(new Product(p.productId(), p.sku(), p.name(), p.description(), p.priceCents(),
                (int) after, p.version(), p.archived(), p.imageKey())));
    }

    @Override
    public synchronized Optional<Product> setArchived(String productId, boolean archived) {
        maybeFail();
        Product p = byId.get(productId);
        if (p == null || p.archived() == archived) {
            return Optional.empty();
        }
        return Optional.of(add(new Product(p.productId(), p.sku(), p.name(), p.description(), p.priceCents(), p.stock(), p.version(), archived,
                p.imageKey())));
    }
}
