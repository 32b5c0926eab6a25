package dev.polystack.catalog.handler;

import dev.polystack.app.AppContext;
import dev.polystack.catalog.CatalogService;

/** {@code POST /products/{productId}/archive} (administrators): stops selling a product ({@link ArchiveStateHandler}). */
public final class ArchiveProductHandler extends ArchiveStateHandler {

    public ArchiveProductHandler() {
        this(AppContext.fromEnvironment().catalog());
    }

    public ArchiveProductHandler(CatalogService catalog) {
        super(catalog, true);
    }
}
