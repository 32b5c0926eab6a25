package dev.polystack.catalog;

import dev.polystack.shared.DomainException;
import java.util.Optional;

/** What a PATCH changes (at least one of name, description and price), and the version it was based on. */
public record ProductChanges(
        Optional<String> name, Optional<String> description, Optional<Long> priceCents, long expectedVersion) {

    public static ProductChanges of(String name, String description, Long priceCents, Long version) {
        if (version == null) {
            throw DomainException.missingField("version is required");
        }
        if (version < 1) {
            throw CatalogErrors.invalidVersion();
        }
        if (name == null && description == null && priceCents == null) {
            throw CatalogErrors.nothingToChange();
        }
        return new ProductChanges(
                Optional.ofNullable(name).map(ProductText::name),
                Optional.ofNullable(description).map(ProductText::description),
                Optional.ofNullable(priceCents).map(ProductDraft::price),
                version);
    }

    /** Whether {@code product} already shows these changes at the version they make: an edit whose answer was lost. */
    public boolean appliedTo(Product product) {
        return product.version() == expectedVersion + 1
                && name.map(product.name()::equals).orElse(true)
                && description.map(product.description()::equals).orElse(true)
                && priceCents.map(price -> price == product.priceCents()).orElse(true);
    }
}
