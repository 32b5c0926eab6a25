package dev.polystack.upload;

import dev.polystack.shared.Admin;
import dev.polystack.shared.Entropy;
import dev.polystack.shared.InvocationLog;
import dev.polystack.shared.PageLimit;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class UploadService {
    private static final Pattern KEY = Pattern.compile("uploads/([0-9a-f-]{36})/([0-9a-f]{24})");
    private static final Pattern PRODUCT_IMAGE_KEY =
            Pattern.compile("products/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/([0-9a-f]{24})");
    private static final Pattern PRODUCT_ID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern UPLOAD_ID = Pattern.compile("[0-9a-f]{24}");

    private final UploadRepository uploads;
    private final UploadSigner signer;
    private final UploadStorage storage;
    private final UploadPolicy policy;
    private final Clock clock;
    private final ProductImages products;

    public UploadService(
            UploadRepository uploads, UploadSigner signer, UploadStorage storage, UploadPolicy policy, Clock clock) {
        this(uploads, signer, storage, policy, clock, ProductImages.NONE);
    }

    public UploadService(
            UploadRepository uploads,
            UploadSigner signer,
            UploadStorage storage,
            UploadPolicy policy,
            Clock clock,
            ProductImages products) {
        this.uploads = uploads;
        this.signer = signer;
        this.storage = storage;
        this.policy = policy;
        this.clock = clock;
        this.products = products;
    }

    public UploadPolicy policy() {
        return policy;
    }

    public record Created(Upload upload, SignedUpload signed) {}

    /** Signs locally and writes one PENDING record: one DynamoDB call, no S3 call. */
    public Created create(String userId, UploadRequest request) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String uploadId = newUploadId(now);
        return create(userId, uploadId, Upload.keyFor(userId, uploadId), request, now);
    }

    /**
     * A new image for a product, uploaded by an administrator under the product's own prefix, with
     * the same limits (image types only) and the same check on arrival; the completion makes it the
     * product's image. 404 PRODUCT_NOT_FOUND for an unknown product.
     */
    public Created createProductImage(Admin admin, String productId, UploadRequest request) {
        String id = productId == null ? "" : productId.toLowerCase(Locale.ROOT);
        if (!PRODUCT_ID.matcher(id).matches() || !products.exists(id)) {
            throw UploadErrors.productNotFound();
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String uploadId = newUploadId(now);
        return create(admin.userId(), uploadId, Upload.productImageKeyFor(id, uploadId), request, now);
    }

    private Created create(String userId, String uploadId, String key, UploadRequest request, Instant now) {
        SignedUpload signed = request.method() == UploadMethod.PUT
                ? signer.signPut(
                        key,
                        request.contentType(),
                        request.contentLength(),
                        request.checksumSha256(),
                        now,
                        policy.urlLifetime())
                : signer.signPost(key, request.contentType(), policy.maxBytes(), now, policy.urlLifetime());
        Upload upload = new Upload(
                userId,
                uploadId,
                key,
                request.fileName(),
                request.contentType(),
                request.contentLength(),
                request.checksumSha256(),
                request.method(),
                UploadStatus.PENDING,
                null,
                now,
                signed.expiresAt().plus(UploadPolicy.ABANDONED_AFTER));
        uploads.create(upload);
        return new Created(upload, signed);
    }

    /** Hex of the creation time in milliseconds, then 48 random bits: ids sort by creation time. */
    static String newUploadId(Instant now) {
        byte[] random = new byte[6];
        Entropy.random().nextBytes(random);
        return String.format("%012x", now.toEpochMilli()) + HexFormat.of().formatHex(random);
    }

    public record View(Upload upload, Optional<String> downloadUrl) {}

    public View get(String userId, String uploadId) {
        if (uploadId == null || !UPLOAD_ID.matcher(uploadId).matches()) {
            throw UploadErrors.uploadNotFound();
        }
        Upload upload = uploads.find(userId, uploadId)
                .filter(u -> u.status() != UploadStatus.DELETING)
                .orElseThrow(UploadErrors::uploadNotFound);
        Optional<String> download = upload.status() == UploadStatus.AVAILABLE
                ? Optional.of(signer.signGet(upload.key(), UploadPolicy.DOWNLOAD_LIFETIME))
                : Optional.empty();
        return new View(upload, download);
    }

    /**
     * Deletes the caller's upload: the record is marked DELETING (so nothing shows it, and its
     * completion deletes an object that arrives late), then the object goes, then the record. Dying
     * anywhere leaves either nothing or a DELETING record that a repeat finishes; never a record that
     * looks AVAILABLE without its object. Once done, a repeat is 404 UPLOAD_NOT_FOUND, as is another
     * user's upload; an object arriving after that has no record and is deleted as an orphan.
     */
    public void delete(String userId, String uploadId) {
        if (uploadId == null || !UPLOAD_ID.matcher(uploadId).matches()) {
            throw UploadErrors.uploadNotFound();
        }
        Upload upload = uploads.find(userId, uploadId).orElseThrow(UploadErrors::uploadNotFound);
        if (!uploads.markDeleting(upload)) {
            throw UploadErrors.uploadNotFound();
        }
        storage.delete(upload.key());
        uploads.delete(upload);
        InvocationLog.note(
                "uploadDeleted",
                Map.of("uploadId", uploadId, "previousStatus", upload.status().name()));
    }

    /**
     * A recovery's reconciliation of S3 with the restored records: every object under {@code uploads/}
     * without a live record is deleted (S3 is restored at or after DynamoDB's point, so such objects
     * are uploads whose record the restore took away). Objects whose key is no upload key go too.
     * Returns how many were deleted; running it again deletes nothing more.
     */
    public int deleteOrphanedObjects() {
        int deleted = 0;
        for (String key : storage.list(Upload.KEY_PREFIX)) {
            Optional<Upload> record;
            try {
                record = uploads.findByKey(key);
            } catch (IllegalArgumentException notAnUploadKey) {
                record = Optional.empty();
            }
            if (record.isEmpty()) {
                storage.delete(key);
                deleted++;
            }
        }
        return deleted;
    }

    /** Every upload of the user, newest first (for the data export); DELETING ones are not theirs any more. */
    public List<Upload> all(String userId) {
        List<Upload> all = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            UploadRepository.Page page = uploads.list(userId, PageLimit.MAX, cursor);
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor.isPresent());
        return all;
    }

    public UploadRepository.Page list(String userId, Optional<String> limitText, Optional<String> cursor) {
        return uploads.list(userId, PageLimit.parse(limitText), cursor.filter(c -> !c.isEmpty()));
    }

    public enum Completion {
        AVAILABLE,
        REJECTED,
        ALREADY_DONE,
        OBJECT_GONE,
        ORPHAN_DELETED,
        IMAGE_ATTACHED,
        IMAGE_SUPERSEDED,
        DELETED_ON_ARRIVAL,
        NOT_AN_UPLOAD
    }

    /**
     * Checks a finished object against its PENDING record. Safe to call twice or late: only a
     * PENDING record changes, and a missing object changes nothing. A product image that passes
     * becomes the product's image (unless a newer one already is), and every older image of the
     * product is deleted; repeating this completes a run that was cut short.
     */
    public Completion complete(String key) {
        if (!key.startsWith(Upload.KEY_PREFIX) && !key.startsWith(Upload.PRODUCT_IMAGE_PREFIX)) {
            // Not an upload (a data export, say): S3 only notifies for these two prefixes, a local S3 may notify for
            // all.
            return Completion.NOT_AN_UPLOAD;
        }
        Matcher productImage = PRODUCT_IMAGE_KEY.matcher(key);
        boolean known = KEY.matcher(key).matches() || productImage.matches();
        Optional<Upload> record = known ? uploads.findByKey(key) : Optional.empty();
        if (record.isEmpty()) {
            storage.delete(key);
            InvocationLog.warn("upload_orphan_deleted", "key", key, "no upload record for this key");
            return Completion.ORPHAN_DELETED;
        }
        Upload upload = record.get();
        if (upload.status() == UploadStatus.DELETING) {
            // Its owner deleted it while the bytes were on their way: they must not stay.
            storage.delete(key);
            return Completion.DELETED_ON_ARRIVAL;
        }
        Completion verified = verify(upload, key);
        boolean available = verified == Completion.AVAILABLE
                || verified == Completion.ALREADY_DONE && upload.status() == UploadStatus.AVAILABLE;
        return available && productImage.matches() ? attach(productImage.group(1), key) : verified;
    }

    private Completion verify(Upload upload, String key) {
        if (upload.status() != UploadStatus.PENDING) {
            return Completion.ALREADY_DONE;
        }
        Optional<UploadStorage.StoredObject> stored = storage.head(key);
        if (stored.isEmpty()) {
            return Completion.OBJECT_GONE;
        }
        String mismatch = mismatch(upload, stored.get(), key);
        if (mismatch == null) {
            return uploads.markAvailable(upload) ? Completion.AVAILABLE : Completion.ALREADY_DONE;
        }
        storage.delete(key);
        uploads.markRejected(upload, mismatch);
        InvocationLog.warn("upload_rejected", "key", key, mismatch);
        return Completion.REJECTED;
    }

    /**
     * The catalogue keeps only the newest image's key; every older object under the product's prefix is
     * deleted, so replacing an image leaves no orphan (an image that arrives after a newer one is itself
     * the older one). Objects newer than the product's image are uploads still on their way.
     */
    private Completion attach(String productId, String key) {
        Optional<String> current = products.attach(productId, key);
        if (current.isEmpty()) {
            storage.delete(key);
            InvocationLog.warn("upload_orphan_deleted", "key", key, "the product is gone");
            return Completion.ORPHAN_DELETED;
        }
        for (String older : storage.list(Upload.productImagesOf(productId))) {
            if (older.compareTo(current.get()) < 0) {
                storage.delete(older);
            }
        }
        return current.get().equals(key) ? Completion.IMAGE_ATTACHED : Completion.IMAGE_SUPERSEDED;
    }

    private String mismatch(Upload upload, UploadStorage.StoredObject stored, String key) {
        if (stored.size() != upload.contentLength()) {
            return "size " + stored.size() + " does not match the declared " + upload.contentLength();
        }
        if (!upload.contentType().equals(stored.contentType())) {
            return "content type " + stored.contentType() + " does not match the declared " + upload.contentType();
        }
        if (upload.checksumSha256() != null) {
            String actual = stored.checksumSha256() != null ? stored.checksumSha256() : storage.sha256(key);
            if (!upload.checksumSha256().equals(actual)) {
                return "SHA-256 does not match the declared checksum";
            }
        }
        return null;
    }
}
