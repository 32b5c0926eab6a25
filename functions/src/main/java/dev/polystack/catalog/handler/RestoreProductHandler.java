package dev.polystack.catalog.handler;

import dev.polystack.app.AppContext;
import dev.polystack.catalog.CatalogService;

/** {@code POST /products/{productId}/restore} (administrators): sells an archived product again ({@link ArchiveStateHandler}). */
public final class RestoreProductHandler extends ArchiveStateHandler {

    public RestoreProductHandler() {
        this(AppContext.fromEnvironment().catalog());
    }

    public RestoreProductHandler(CatalogService catalog) {
        super(catalog, false);
    }
}
