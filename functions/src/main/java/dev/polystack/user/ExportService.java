package dev.polystack.user;

import dev.polystack.shared.Entropy;
import dev.polystack.shared.InvocationLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;

/**
 * The user's data export: one JSON document written to the bucket under {@code exports/<userId>/} and
 * answered with a short-lived download URL. The prefix is a contract: erasing an account deletes
 * everything under it, and the bucket's lifecycle rule expires it after a day; S3 notifies no function
 * for it.
 */
public final class ExportService {
    public static final String KEY_PREFIX = "exports/";
    public static final Duration DEFAULT_URL_LIFETIME = Duration.ofMinutes(10);

    private final UserRepository users;
    private final AccountRecords records;
    private final ExportStore store;
    private final Clock clock;
    private final Duration urlLifetime;

    public ExportService(
            UserRepository users, AccountRecords records, ExportStore store, Clock clock, Duration urlLifetime) {
        if (urlLifetime.isNegative() || urlLifetime.isZero() || urlLifetime.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("EXPORT_URL_TTL must be more than 0 and at most 1 hour");
        }
        this.users = users;
        this.records = records;
        this.store = store;
        this.clock = clock;
        this.urlLifetime = urlLifetime;
    }

    public record Exported(String exportId, String downloadUrl, Instant expiresAt) {}

    public Exported export(String userId) {
        User user = users.find(userId).orElseThrow(UserErrors::accountGone);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        AccountExport document = new AccountExport(
                now.toString(), AccountExport.Profile.of(user), records.orders(userId), records.uploads(userId));
        String exportId = newExportId(now);
        String url = store.save(keyFor(userId, exportId), document, urlLifetime);
        InvocationLog.note(
                "export",
                Map.of(
                        "exportId",
                        exportId,
                        "orders",
                        document.orders().size(),
                        "uploads",
                        document.uploads().size()));
        return new Exported(exportId, url, now.plus(urlLifetime));
    }

    public static String keyFor(String userId, String exportId) {
        return prefixOf(userId) + exportId + ".json";
    }

    /** Everything exported for this user lives under this prefix. */
    public static String prefixOf(String userId) {
        return KEY_PREFIX + userId + "/";
    }

    /** Creation time in milliseconds (hex), then 48 random bits: a user's exports sort by time. */
    static String newExportId(Instant now) {
        byte[] random = new byte[6];
        Entropy.random().nextBytes(random);
        return String.format("%012x", now.toEpochMilli()) + HexFormat.of().formatHex(random);
    }
}
