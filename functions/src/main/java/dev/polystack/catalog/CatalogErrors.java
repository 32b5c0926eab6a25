package dev.polystack.catalog;

import dev.polystack.shared.DomainException;

/** The catalogue's failures, with their stable codes. */
public final class CatalogErrors {
    private CatalogErrors() {}

    public static DomainException productNotFound() {
        return DomainException.notFound("PRODUCT_NOT_FOUND", "no such product");
    }

    public static DomainException invalidSku(int maxLength) {
        return DomainException.invalid(
                "INVALID_SKU",
                "sku must be 1 to " + maxLength + " letters, digits, '.', '_' or '-', starting with a letter or digit");
    }

    public static DomainException skuTaken() {
        return DomainException.conflict("SKU_TAKEN", "another product has this sku");
    }

    public static DomainException invalidName(int maxLength) {
        return DomainException.invalid(
                "INVALID_PRODUCT_NAME", "name must be 1 to " + maxLength + " characters without control characters");
    }

    public static DomainException invalidDescription(int maxLength) {
        return DomainException.invalid(
                "INVALID_DESCRIPTION",
                "description must be at most " + maxLength
                        + " characters; of control characters only line breaks and tabs");
    }

    public static DomainException invalidPrice(long max) {
        return DomainException.invalid("INVALID_PRICE", "priceCents must be a whole number from 1 to " + max);
    }

    public static DomainException invalidStock(long max) {
        return DomainException.invalid("INVALID_STOCK", "stock must be a whole number from 0 to " + max);
    }

    public static DomainException invalidDelta(long max) {
        return DomainException.invalid(
                "INVALID_DELTA", "delta must be a whole number from -" + max + " to " + max + ", not 0");
    }

    public static DomainException invalidReason(int maxLength) {
        return DomainException.invalid(
                "INVALID_REASON", "reason must be 1 to " + maxLength + " characters without control characters");
    }

    public static DomainException invalidVersion() {
        return DomainException.invalid("INVALID_VERSION", "version must be a positive whole number");
    }

    public static DomainException nothingToChange() {
        return DomainException.invalid("NOTHING_TO_CHANGE", "give at least one of name, description and priceCents");
    }

    public static DomainException versionConflict() {
        return DomainException.conflict(
                "VERSION_CONFLICT", "the product was changed since this version; read it again");
    }

    public static DomainException stockOutOfRange(int stock, long max) {
        return DomainException.conflict(
                "STOCK_OUT_OF_RANGE", "stock must stay between 0 and " + max + "; it is " + stock);
    }

    public static DomainException invalidQuery(int maxLength) {
        return DomainException.invalid(
                "INVALID_QUERY", "q must be at most " + maxLength + " characters without control characters");
    }

    public static DomainException invalidPriceFilter(long max) {
        return DomainException.invalid(
                "INVALID_PRICE_FILTER",
                "minPriceCents and maxPriceCents must be whole numbers from 0 to " + max
                        + ", the minimum not above the maximum");
    }

    public static DomainException invalidInStock() {
        return DomainException.invalid("INVALID_IN_STOCK", "inStock must be true or false");
    }

    public static DomainException invalidCursor() {
        return DomainException.invalid("INVALID_CURSOR", "cursor is not one this API returned for this query");
    }
}
