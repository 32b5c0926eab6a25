package dev.polystack.user;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The export store in memory, for the fast tier: the document by key, and a URL that names the key and
 * the lifetime as S3's presigned GET does ({@code ExportStoreContract} holds it to {@code S3ExportStore}).
 */
public final class InMemoryExports implements ExportStore {
    static final String ORIGIN = "https://bucket.s3.amazonaws.com/";

    public final Map<String, AccountExport> saved = new ConcurrentHashMap<>();

    @Override
    public String save(String key, AccountExport export, Duration lifetime) {
        saved.put(key, export);
        return ORIGIN + key + "?X-Amz-Expires=" + lifetime.toSeconds();
    }

    /** What a GET of a URL this store handed out answers: the document now under its key. */
    public Optional<AccountExport> download(String url) {
        return Optional.ofNullable(saved.get(URI.create(url).getPath().substring(1)));
    }
}
