package dev.polystack.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * What every {@link UploadRepository} does: the fake ({@code FakeRepositoryContractTest}) and the
 * DynamoDB adapter on DynamoDB Local ({@code DynamoUploadRepositoryContractIT}).
 */
public abstract class UploadRepositoryContract {
    protected abstract UploadRepository uploads();

    final String userId = UUID.randomUUID().toString();
    final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    /** An upload id as the service makes them: 24 hex digits that sort by creation time. */
    static String uploadId(Instant createdAt) {
        byte[] random = new byte[6];
        ThreadLocalRandom.current().nextBytes(random);
        return String.format("%012x", createdAt.toEpochMilli()) + HexFormat.of().formatHex(random);
    }

    Upload pending(Instant createdAt, Instant expiresAt) {
        String id = uploadId(createdAt);
        return new Upload(
                userId,
                id,
                Upload.keyFor(userId, id),
                "cat.png",
                "image/png",
                3,
                null,
                UploadMethod.PUT,
                UploadStatus.PENDING,
                null,
                createdAt,
                expiresAt);
    }

    Upload pending() {
        return pending(now, now.plus(Duration.ofMinutes(15)));
    }

    @Test
    public void aCreatedUploadIsFoundByItsOwnerAndByItsKeyOnly() {
        Upload upload = pending();
        uploads().create(upload);
        Upload kept = new Upload(
                userId,
                upload.uploadId(),
                upload.key(),
                upload.fileName(),
                upload.contentType(),
                upload.contentLength(),
                null,
                upload.method(),
                upload.status(),
                null,
                upload.createdAt(),
                upload.expiresAt().truncatedTo(ChronoUnit.SECONDS));
        assertEquals(
                kept,
                uploads().find(userId, upload.uploadId()).orElseThrow(),
                "as created, the expiry to the second (the TTL is epoch seconds)");
        assertEquals(
                upload.uploadId(),
                uploads().findByKey(upload.key()).orElseThrow().uploadId());
        assertTrue(
                uploads().find(UUID.randomUUID().toString(), upload.uploadId()).isEmpty(),
                "another user's id finds nothing");
    }

    @Test
    public void aPendingUploadPastItsExpiryCountsAsGone() {
        Upload expired = pending(now.minus(Duration.ofHours(1)), now.minus(Duration.ofMinutes(1)));
        uploads().create(expired);
        assertTrue(uploads().find(userId, expired.uploadId()).isEmpty());
        assertTrue(uploads().list(userId, 10, Optional.empty()).items().isEmpty());
    }

    @Test
    public void onlyAPendingUploadBecomesAvailableOrRejectedAndOnlyOnce() {
        Upload upload = pending();
        uploads().create(upload);
        assertTrue(uploads().markAvailable(upload));
        assertFalse(uploads().markAvailable(upload), "a duplicate event");
        assertFalse(uploads().markRejected(upload, "TOO_LARGE"));
        assertEquals(
                UploadStatus.AVAILABLE,
                uploads().find(userId, upload.uploadId()).orElseThrow().status());
        Upload other = pending();
        uploads().create(other);
        assertTrue(uploads().markRejected(other, "TOO_LARGE"));
        Upload rejected = uploads().find(userId, other.uploadId()).orElseThrow();
        assertEquals(UploadStatus.REJECTED, rejected.status());
        assertEquals("TOO_LARGE", rejected.rejectionReason());
    }

    @Test
    public void aTransitionOfARecordThatIsGoneIsFalse() {
        Upload never = pending();
        assertFalse(uploads().markAvailable(never));
        assertFalse(uploads().markRejected(never, "TOO_LARGE"));
        assertFalse(uploads().markDeleting(never));
        assertTrue(uploads().find(userId, never.uploadId()).isEmpty(), "no transition creates a record");
    }

    @Test
    public void aDeletingUploadIsHiddenFromTheListingAndDeletedForGood() {
        Upload upload = pending();
        uploads().create(upload);
        uploads().markAvailable(upload);
        assertTrue(uploads().markDeleting(upload));
        assertTrue(uploads().markDeleting(upload), "idempotent");
        assertTrue(uploads().list(userId, 10, Optional.empty()).items().isEmpty());
        uploads().delete(upload);
        assertTrue(uploads().find(userId, upload.uploadId()).isEmpty());
        uploads().delete(upload);
        assertFalse(uploads().markDeleting(upload));
    }

    @Test
    public void aUsersUploadsAreListedNewestFirstOnePageAtATime() {
        Upload oldest = pending(now, now.plus(Duration.ofMinutes(15)));
        Upload middle = pending(now.plusMillis(1), now.plus(Duration.ofMinutes(15)));
        Upload newest = pending(now.plusMillis(2), now.plus(Duration.ofMinutes(15)));
        for (Upload u : List.of(middle, newest, oldest)) {
            uploads().create(u);
        }
        UploadRepository.Page first = uploads().list(userId, 2, Optional.empty());
        assertEquals(
                List.of(newest.uploadId(), middle.uploadId()),
                first.items().stream().map(Upload::uploadId).toList());
        assertTrue(first.nextCursor().isPresent());
        UploadRepository.Page second = uploads().list(userId, 2, first.nextCursor());
        assertEquals(
                List.of(oldest.uploadId()),
                second.items().stream().map(Upload::uploadId).toList());
        assertTrue(second.nextCursor().isEmpty());
    }
}
