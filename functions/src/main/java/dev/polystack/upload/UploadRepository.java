package dev.polystack.upload;

import java.util.List;
import java.util.Optional;

/**
 * Upload records in DynamoDB, each next to what it belongs to: a user's file in the user's partition,
 * a product image in the product's. The object key says which.
 */
public interface UploadRepository {
    void create(Upload upload);

    Optional<Upload> find(String userId, String uploadId);

    /** The record of the object stored under {@code key}, whoever it belongs to. */
    Optional<Upload> findByKey(String key);

    Page list(String userId, int limit, Optional<String> cursor);

    /** PENDING → AVAILABLE; false if it was not PENDING any more (a duplicate event). */
    boolean markAvailable(Upload upload);

    /** PENDING → REJECTED with a reason; false if it was not PENDING any more. */
    boolean markRejected(Upload upload, String reason);

    /** Any status → DELETING (idempotent); false if the record is gone. */
    boolean markDeleting(Upload upload);

    /** Removes the record, whatever its status; nothing happens if it is gone. */
    void delete(Upload upload);

    record Page(List<Upload> items, Optional<String> nextCursor) {}
}
