package dev.polystack.catalog;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** The product port in memory, with the PostgreSQL adapter's rules (unique SKU, version guard, stock within range, archiving). */
public final class InMemoryProducts implements ProductRepository {
    /** Image URLs as a CDN would give them. */
    public static final ImageUrls IMAGES = key -> "https://images.example.com/" + key;

    public final Map<String, Product> byId = new ConcurrentHashMap<>();
    /** Every stock change: product id, delta, reason, admin. */
    public final List<String> ledger = new CopyOnWriteArrayList<>();
    /** The ids of the stock adjustments applied: a repeat of one changes nothing. */
    private final java.util.Set<String> adjustments = ConcurrentHashMap.newKeySet();
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

    /** Like the adapter, without PostgreSQL's stemming: a word matches a whole word, a name match weighs twice a description's. */
    @Override
    public List<Match> page(ProductQuery query) {
        maybeFail();
        List<String> words = query.text()
                .map(t -> List.of(t.toLowerCase(Locale.ROOT).split("\\W+")))
                .orElse(List.of());
        Comparator<Match> order = query.text().isPresent()
                ? Comparator.comparing((Match m) -> m.rank().orElseThrow())
                        .reversed()
                        .thenComparing(m -> m.product().sku())
                : Comparator.comparing(m -> m.product().sku());
        return byId.values().stream()
                .filter(p -> !p.archived())
                .filter(p ->
                        query.minPriceCents().map(min -> p.priceCents() >= min).orElse(true))
                .filter(p ->
                        query.maxPriceCents().map(max -> p.priceCents() <= max).orElse(true))
                .filter(p -> query.inStock()
                        .map(stocked -> (p.stock() > 0) == stocked)
                        .orElse(true))
                .map(p -> new Match(
                        p,
                        query.text()
                                .map(t -> BigDecimal.valueOf(
                                                2L * hits(words, p.name()) + hits(words, p.description()), 1)
                                        .setScale(6))))
                .filter(m -> m.rank().map(r -> r.signum() > 0).orElse(true))
                .filter(m -> query.after()
                        .map(after -> order.compare(
                                        m,
                                        new Match(
                                                new Product(null, after.sku(), null, null, 0, 0, 0, false, null),
                                                after.rank()))
                                > 0)
                        .orElse(true))
                .sorted(order)
                .limit(query.limit() + 1L)
                .toList();
    }

    private static long hits(List<String> words, String text) {
        List<String> tokens = List.of(text.toLowerCase(Locale.ROOT).split("\\W+"));
        return words.stream().filter(w -> !w.isEmpty() && tokens.contains(w)).count();
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
    public synchronized Optional<Product> create(
            String productId, ProductDraft draft, String adjustmentId, String adminId) {
        maybeFail();
        Product made = byId.get(productId);
        if (made != null && made.sku().equals(draft.sku())) {
            // A repeat after a lost answer finds the product it made, as the adapter's INSERT ... ON CONFLICT then
            // SELECT does.
            return Optional.of(made);
        }
        if (byId.values().stream().anyMatch(p -> p.sku().equals(draft.sku()))) {
            return Optional.empty();
        }
        if (draft.stock() > 0) {
            ledger.add(productId + " " + draft.stock() + " initial stock " + adminId);
        }
        return Optional.of(add(new Product(
                productId,
                draft.sku(),
                draft.name(),
                draft.description(),
                draft.priceCents(),
                draft.stock(),
                1,
                false,
                null)));
    }

    @Override
    public synchronized Optional<Product> edit(String productId, ProductChanges changes) {
        maybeFail();
        Product p = byId.get(productId);
        if (p == null || p.version() != changes.expectedVersion()) {
            return Optional.empty();
        }
        return Optional.of(add(new Product(
                p.productId(),
                p.sku(),
                changes.name().orElse(p.name()),
                changes.description().orElse(p.description()),
                changes.priceCents().orElse(p.priceCents()),
                p.stock(),
                p.version() + 1,
                p.archived(),
                p.imageKey())));
    }

    @Override
    public synchronized StockResult adjustStock(
            String adjustmentId, String productId, StockAdjustment adjustment, String adminId) {
        maybeFail();
        Product p = byId.get(productId);
        if (p == null) {
            return new StockResult(StockResult.Outcome.NOT_FOUND, null);
        }
        if (!adjustments.add(adjustmentId)) {
            // Recorded already (adjust_stock's ledger row with this id): the repeat changes nothing more.
            return new StockResult(StockResult.Outcome.APPLIED, p);
        }
        long after = (long) p.stock() + adjustment.delta();
        if (after < 0 || after > ProductDraft.MAX_STOCK) {
            adjustments.remove(adjustmentId);
            return new StockResult(StockResult.Outcome.OUT_OF_RANGE, p);
        }
        ledger.add(productId + " " + adjustment.delta() + " " + adjustment.reason() + " " + adminId);
        return new StockResult(
                StockResult.Outcome.APPLIED,
                add(new Product(
                        p.productId(),
                        p.sku(),
                        p.name(),
                        p.description(),
                        p.priceCents(),
                        (int) after,
                        p.version(),
                        p.archived(),
                        p.imageKey())));
    }

    @Override
    public synchronized Optional<String> attachImage(String productId, String key) {
        maybeFail();
        Product p = byId.get(productId);
        if (p == null) {
            return Optional.empty();
        }
        if (p.imageKey() == null || p.imageKey().compareTo(key) < 0) {
            p = add(new Product(
                    p.productId(),
                    p.sku(),
                    p.name(),
                    p.description(),
                    p.priceCents(),
                    p.stock(),
                    p.version(),
                    p.archived(),
                    key));
        }
        return Optional.of(p.imageKey());
    }

    @Override
    public synchronized Optional<Product> setArchived(String productId, boolean archived) {
        maybeFail();
        Product p = byId.get(productId);
        if (p == null || p.archived() == archived) {
            return Optional.empty();
        }
        return Optional.of(add(new Product(
                p.productId(),
                p.sku(),
                p.name(),
                p.description(),
                p.priceCents(),
                p.stock(),
                p.version(),
                archived,
                p.imageKey())));
    }
}
