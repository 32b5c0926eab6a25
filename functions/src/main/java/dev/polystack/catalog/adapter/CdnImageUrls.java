package dev.polystack.catalog.adapter;

import dev.polystack.catalog.ImageUrls;

/**
 * Product images through CloudFront (IMAGE_BASE_URL, the distribution's address): the bucket stays
 * private, the distribution reads {@code products/} only, through Origin Access Control. The URL is
 * the same for every request, so browsers and the CDN cache it.
 */
public final class CdnImageUrls implements ImageUrls {
    private final String baseUrl;

    public CdnImageUrls(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** Keys are made by the functions ({@code products/<uuid>/<hex id>}): nothing in them needs encoding. */
    @Override
    public String urlFor(String key) {
        return baseUrl + "/" + key;
    }
}
