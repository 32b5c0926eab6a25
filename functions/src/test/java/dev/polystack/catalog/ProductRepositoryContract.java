package dev.polystack.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ProductRepository} does: the fake ({@code InMemoryProductsContractTest}) and the
 * PostgreSQL adapter through the Data API emulator ({@code RdsDataProductRepositoryContractIT}).
 * Every test makes its own products (unique SKUs and search words), so the database may be shared.
 */
public abstract class ProductRepositoryContract {
    protected abstract ProductRepository products();

    static final String ADMIN = "7f1c3e0a-3b9e-4c55-9d2f-0c4f5b6a7e81";

    /** A word no other product holds, letters only (so every text search configuration keeps it whole). */
    static String uniqueWord() {
        StringBuilder word = new StringBuilder("zq");
        for (int i = 0; i < 10; i++) {
            word.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        return word.toString();
    }

    static ProductDraft draft(String name, String description, long priceCents, int stock) {
        return new ProductDraft("SKU-" + UUID.randomUUID(), name, description, priceCents, stock);
    }

    Product create(ProductDraft draft) {
        return products()
                .create(UUID.randomUUID().toString(), draft, UUID.randomUUID().toString(), ADMIN)
                .orElseThrow();
    }

    @Test
    public void aCreatedProductIsForSaleAtVersionOneAndARepeatFindsIt() {
        String id = UUID.randomUUID().toString();
        ProductDraft draft = draft("Mug", "A mug.", 1299, 5);
        Product made = products()
                .create(id, draft, UUID.randomUUID().toString(), ADMIN)
                .orElseThrow();
        assertEquals(new Product(id, draft.sku(), "Mug", "A mug.", 1299, 5, 1, false, null), made);
        assertEquals(made, products().findForSale(id).orElseThrow());
        assertEquals(
                made,
                products()
                        .create(id, draft, UUID.randomUUID().toString(), ADMIN)
                        .orElseThrow(),
                "a repeat after a lost answer");
        assertTrue(products().find(UUID.randomUUID().toString()).isEmpty());
    }

    @Test
    public void aSecondProductWithTheSameSkuIsRefused() {
        Product first = create(draft("Mug", "", 1299, 0));
        assertTrue(products()
                .create(
                        UUID.randomUUID().toString(),
                        new ProductDraft(first.sku(), "Other", "", 1, 0),
                        UUID.randomUUID().toString(),
                        ADMIN)
                .isEmpty());
    }

    @Test
    public void anEditNeedsTheStoredVersionAndCountsIt() {
        Product mug = create(draft("Mug", "A mug.", 1299, 0));
        Product edited = products()
                .edit(
                        mug.productId(),
                        new ProductChanges(Optional.of("Big mug"), Optional.empty(), Optional.of(1499L), 1))
                .orElseThrow();
        assertEquals("Big mug", edited.name());
        assertEquals("A mug.", edited.description(), "what the changes leave out stays");
        assertEquals(1499, edited.priceCents());
        assertEquals(2, edited.version());
        assertTrue(products()
                .edit(mug.productId(), new ProductChanges(Optional.of("Stale"), Optional.empty(), Optional.empty(), 1))
                .isEmpty());
        assertTrue(products()
                .edit(
                        UUID.randomUUID().toString(),
                        new ProductChanges(Optional.of("X"), Optional.empty(), Optional.empty(), 1))
                .isEmpty());
    }

    @Test
    public void aStockAdjustmentCountsOnceAndNeverTakesTheStockBelowZero() {
        Product mug = create(draft("Mug", "", 1299, 5));
        String adjustment = UUID.randomUUID().toString();
        ProductRepository.StockResult applied =
                products().adjustStock(adjustment, mug.productId(), new StockAdjustment(3, "restock"), ADMIN);
        assertEquals(ProductRepository.StockResult.Outcome.APPLIED, applied.outcome());
        assertEquals(8, applied.product().stock());
        products().adjustStock(adjustment, mug.productId(), new StockAdjustment(3, "restock"), ADMIN);
        assertEquals(
                8,
                products().find(mug.productId()).orElseThrow().stock(),
                "the same adjustment again changes nothing more");
        ProductRepository.StockResult refused = products()
                .adjustStock(UUID.randomUUID().toString(), mug.productId(), new StockAdjustment(-9, "breakage"), ADMIN);
        assertEquals(ProductRepository.StockResult.Outcome.OUT_OF_RANGE, refused.outcome());
        assertEquals(8, products().find(mug.productId()).orElseThrow().stock());
        assertEquals(
                ProductRepository.StockResult.Outcome.NOT_FOUND,
                products()
                        .adjustStock(
                                UUID.randomUUID().toString(),
                                UUID.randomUUID().toString(),
                                new StockAdjustment(1, "restock"),
                                ADMIN)
                        .outcome());
    }

    @Test
    public void anArchivedProductIsNotForSaleAndArchivingTwiceChangesNothing() {
        Product mug = create(draft("Mug", "", 1299, 0));
        assertTrue(products().setArchived(mug.productId(), true).orElseThrow().archived());
        assertTrue(products().findForSale(mug.productId()).isEmpty());
        assertTrue(products().find(mug.productId()).orElseThrow().archived(), "an administrator still sees it");
        assertTrue(products().setArchived(mug.productId(), true).isEmpty());
        assertTrue(products().setArchived(mug.productId(), false).isPresent());
        assertTrue(products().findForSale(mug.productId()).isPresent());
        assertTrue(products().setArchived(mug.productId(), false).isEmpty());
    }

    @Test
    public void theNewestImageWins() {
        Product mug = create(draft("Mug", "", 1299, 0));
        String older = "products/" + mug.productId() + "/0000019a00000000aaaaaaaa";
        String newer = "products/" + mug.productId() + "/0000019a00000001aaaaaaaa";
        assertEquals(Optional.of(newer), products().attachImage(mug.productId(), newer));
        assertEquals(
                Optional.of(newer),
                products().attachImage(mug.productId(), older),
                "an older image arriving late is ignored");
        assertEquals(newer, products().find(mug.productId()).orElseThrow().imageKey());
        assertTrue(products().attachImage(UUID.randomUUID().toString(), newer).isEmpty());
    }

    @Test
    public void aSearchRanksNameMatchesFirstAndSkipsArchivedProductsAndPricesOutOfRange() {
        String word = uniqueWord();
        Product inName = create(draft("The " + word + " mug", "A mug.", 1000, 1));
        Product inDescription = create(draft("A plate", "Goes with the " + word + " mug.", 1000, 1));
        Product archived = create(draft("Old " + word, "", 1000, 1));
        products().setArchived(archived.productId(), true);
        create(draft("Dear " + word, "", 99_999, 1));
        List<ProductRepository.Match> found = products()
                .page(new ProductQuery(
                        Optional.of(word),
                        Optional.empty(),
                        Optional.of(5000L),
                        Optional.empty(),
                        10,
                        Optional.empty()));
        assertEquals(
                List.of(inName.productId(), inDescription.productId()),
                found.stream().map(m -> m.product().productId()).toList());
        assertTrue(
                found.get(0).rank().orElseThrow().compareTo(found.get(1).rank().orElseThrow()) > 0);
    }

    @Test
    public void aSearchPageHoldsOneMoreThanTheLimitAndTheCursorContinuesIt() {
        String word = uniqueWord();
        for (int i = 0; i < 3; i++) {
            create(draft(word + " mug", "", 1000, 1));
        }
        List<ProductRepository.Match> first = products()
                .page(new ProductQuery(
                        Optional.of(word), Optional.empty(), Optional.empty(), Optional.empty(), 2, Optional.empty()));
        assertEquals(3, first.size(), "the limit and one more, which says a next page exists");
        ProductRepository.Match last = first.get(1);
        List<ProductRepository.Match> second = products()
                .page(new ProductQuery(
                        Optional.of(word),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        2,
                        Optional.of(
                                new ProductCursor(last.rank(), last.product().sku()))));
        assertEquals(
                List.of(first.get(2).product().productId()),
                second.stream().map(m -> m.product().productId()).toList());
    }
}
