package dev.polystack.upload;

import java.util.List;
import java.util.Optional;

/** Upload records under the owner's partition in DynamoDB. */
public interface UploadRepository {
    void create(Upload upload);

    Optional<Upload> find(String userId, String uploadId);

    Page list(String userId, int limit, Optional<String> cursor);

    /** PENDING → AVAILABLE; false if it was not PENDING any more (a duplicate event). */
    boolean markAvailable(String userId, String uploadId);

    /** PENDING → REJECTED with a reason; false if it was not PENDING any more. */
    boolean markRejected(String userId, String uploadId, String reason);

    record Page(List<Upload> items, Optional<String> nextCursor) {
    }
}
