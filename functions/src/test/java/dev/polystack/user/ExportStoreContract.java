package dev.polystack.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ExportStore} does, run against the in-memory fake ({@code InMemoryExportsContractTest})
 * and against the S3 adapter on S3Proxy ({@code S3ExportStoreContractIT}): the URL it answers downloads
 * the document it saved, under the key it was given, for the lifetime it was asked. Each test writes
 * under a user id of its own, since the real bucket is shared.
 */
public abstract class ExportStoreContract {
    private static final Duration LIFETIME = Duration.ofMinutes(10);

    protected abstract ExportStore store();

    /** The document a GET of {@code url} answers now, or empty when there is none. */
    protected abstract Optional<AccountExport> download(String url);

    private final String userId = UUID.randomUUID().toString();

    private String key(String exportId) {
        return ExportService.keyFor(userId, exportId);
    }

    private AccountExport export(String exportedAt, String name) {
        return new AccountExport(
                exportedAt,
                new AccountExport.Profile(userId, "ada@example.com", name, List.of("customer"), "2026-11-20T09:00:00Z"),
                List.of(new AccountExport.Order(
                        "o-1",
                        "CONFIRMED",
                        2598,
                        List.of(new AccountExport.Order.Item("p-1", "MUG-001", 2, 1299)),
                        "2026-11-20T09:00:00.000Z")),
                List.of(new AccountExport.Upload(
                        "u-1", "cat.png", "image/png", 9, "REJECTED", "NOT_AN_IMAGE", "2026-11-20T09:01:00Z")));
    }

    @Test
    void theUrlDownloadsTheSavedDocumentWhole() {
        AccountExport export = export("2026-11-21T10:00:00.000Z", "Ada");
        String url = store().save(key("e-1"), export, LIFETIME);
        assertEquals(Optional.of(export), download(url));
    }

    @Test
    void theUrlNamesTheKeyAndTheLifetimeAsked() {
        String key = key("e-2");
        for (Duration lifetime : List.of(Duration.ofSeconds(1), LIFETIME, Duration.ofHours(1))) {
            URI url = URI.create(store().save(key, export("2026-11-21T10:00:00.000Z", "Ada"), lifetime));
            assertTrue(url.getPath().endsWith("/" + key), url.toString());
            assertTrue(
                    ("&" + url.getQuery() + "&").contains("&X-Amz-Expires=" + lifetime.toSeconds() + "&"),
                    url.toString());
        }
    }

    @Test
    void savingUnderAKeyAgainReplacesTheDocumentForEveryUrlOfThatKey() {
        String first = store().save(key("e-3"), export("2026-11-21T10:00:00.000Z", "Ada"), LIFETIME);
        AccountExport again = export("2026-11-21T10:05:00.000Z", "Ada Lovelace");
        String second = store().save(key("e-3"), again, LIFETIME);
        assertEquals(Optional.of(again), download(second));
        assertEquals(Optional.of(again), download(first));
    }

    @Test
    void eachKeyKeepsItsOwnDocument() {
        AccountExport one = export("2026-11-21T10:00:00.000Z", "Ada");
        AccountExport other = export("2026-11-21T10:00:01.000Z", "Grace");
        String oneUrl = store().save(key("e-4"), one, LIFETIME);
        String otherUrl = store().save(key("e-5"), other, LIFETIME);
        assertEquals(Optional.of(one), download(oneUrl));
        assertEquals(Optional.of(other), download(otherUrl));
    }
}
