package dev.polystack.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystack.Lambda;
import dev.polystack.upload.handler.CreateUploadHandler;
import dev.polystack.upload.handler.GetUploadHandler;
import dev.polystack.upload.handler.ListUploadsHandler;
import dev.polystack.upload.handler.UploadCompletedHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The upload routes and the S3 completion trigger, fed with events from {@code events/}, over in-memory ports. */
public class UploadHandlersTest {
    static final String USER = "7f1c3e0a-3b9e-4c55-9d2f-0c4f5b6a7e81";

    public static final class FakeRepository implements UploadRepository {
        public final Map<String, Upload> byId = new HashMap<>();
        /** The adapter's clock: whether a PENDING record has expired is judged by it. */
        private final java.time.Clock clock;

        public FakeRepository() {
            this(java.time.Clock.systemUTC());
        }

        public FakeRepository(java.time.Clock clock) {
            this.clock = clock;
        }

        @Override
        public void create(Upload upload) {
            // The adapter keeps the expiry as the item's TTL attribute, in epoch seconds.
            Instant expiry = upload.expiresAt() == null
                    ? null
                    : upload.expiresAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            byId.put(
                    upload.uploadId(),
                    new Upload(
                            upload.userId(),
                            upload.uploadId(),
                            upload.key(),
                            upload.fileName(),
                            upload.contentType(),
                            upload.contentLength(),
                            upload.checksumSha256(),
                            upload.method(),
                            upload.status(),
                            upload.rejectionReason(),
                            upload.createdAt(),
                            expiry));
        }

        @Override
        public Optional<Upload> find(String userId, String uploadId) {
            return Optional.ofNullable(byId.get(uploadId))
                    .filter(u -> u.userId().equals(userId))
                    .filter(this::live);
        }

        /** As the DynamoDB adapter: a PENDING record past its expiry counts as gone (DynamoDB deletes expired items late). */
        private boolean live(Upload upload) {
            return !upload.expiredAt(clock.instant());
        }

        @Override
        public Optional<Upload> findByKey(String key) {
            return byId.values().stream()
                    .filter(u -> u.key().equals(key))
                    .filter(this::live)
                    .findFirst();
        }

        /** Newest first (upload ids sort by creation time), one page at a time; the cursor is the last id of the page. */
        @Override
        public Page list(String userId, int limit, Optional<String> cursor) {
            List<Upload> mine = byId.values().stream()
                    .filter(u -> u.userId().equals(userId))
                    .sorted(java.util.Comparator.comparing(Upload::uploadId).reversed())
                    .filter(u -> cursor.isEmpty() || u.uploadId().compareTo(cursor.get()) < 0)
                    .toList();
            List<Upload> page = mine.stream().limit(limit).toList();
            Optional<String> next =
                    mine.size() > limit ? Optional.of(page.get(page.size() - 1).uploadId()) : Optional.empty();
            return new Page(
                    page.stream()
                            .filter(this::live)
                            .filter(u -> u.status() != UploadStatus.DELETING)
                            .toList(),
                    next);
        }

        @Override
        public boolean markDeleting(Upload upload) {
            Upload stored = byId.get(upload.uploadId());
            if (stored == null) {
                return false;
            }
            byId.put(
                    stored.uploadId(),
                    new Upload(
                            stored.userId(),
                            stored.uploadId(),
                            stored.key(),
                            stored.fileName(),
                            stored.contentType(),
                            stored.contentLength(),
                            stored.checksumSha256(),
                            stored.method(),
                            UploadStatus.DELETING,
                            stored.rejectionReason(),
                            stored.createdAt(),
                            stored.expiresAt()));
            return true;
        }

        @Override
        public void delete(Upload upload) {
            byId.remove(upload.uploadId());
        }

        @Override
        public boolean markAvailable(Upload upload) {
            return transition(upload.uploadId(), UploadStatus.AVAILABLE, null);
        }

        @Override
        public boolean markRejected(Upload upload, String reason) {
            return transition(upload.uploadId(), UploadStatus.REJECTED, reason);
        }

        private boolean transition(String uploadId, UploadStatus to, String reason) {
            Upload u = byId.get(uploadId);
            if (u == null || u.status() != UploadStatus.PENDING) {
                return false;
            }
            byId.put(
                    uploadId,
                    new Upload(
                            u.userId(),
                            u.uploadId(),
                            u.key(),
                            u.fileName(),
                            u.contentType(),
                            u.contentLength(),
                            u.checksumSha256(),
                            u.method(),
                            to,
                            reason,
                            u.createdAt(),
                            null));
            return true;
        }
    }

    public static final class FakeSigner implements UploadSigner {
        final AtomicInteger signatures = new AtomicInteger();

        @Override
        public SignedUpload signPut(
                String key, String contentType, long contentLength, String checksum, Instant now, Duration lifetime) {
            signatures.incrementAndGet();
            return new SignedUpload(
                    "https://bucket.s3.amazonaws.com/" + key + "?X-Amz-Signature=x",
                    Map.of("content-type", contentType),
                    null,
                    now.plus(lifetime));
        }

        @Override
        public SignedUpload signPost(String key, String contentType, long maxBytes, Instant now, Duration lifetime) {
            signatures.incrementAndGet();
            return new SignedUpload(
                    "https://bucket.s3.amazonaws.com/",
                    null,
                    Map.of("key", key, "Content-Type", contentType),
                    now.plus(lifetime));
        }

        @Override
        public String signGet(String key, Duration lifetime) {
            return "https://bucket.s3.amazonaws.com/" + key + "?get";
        }
    }

    public static class FakeStorage implements UploadStorage {
        public final Map<String, StoredObject> objects = new HashMap<>();

        @Override
        public Optional<StoredObject> head(String key) {
            return Optional.ofNullable(objects.get(key));
        }

        @Override
        public String sha256(String key) {
            return objects.get(key).checksumSha256();
        }

        @Override
        public void delete(String key) {
            objects.remove(key);
        }

        @Override
        public List<String> list(String prefix) {
            return objects.keySet().stream()
                    .filter(key -> key.startsWith(prefix))
                    .sorted()
                    .toList();
        }
    }

    final FakeRepository repository = new FakeRepository();
    final FakeSigner signer = new FakeSigner();
    final FakeStorage storage = new FakeStorage();
    final UploadService service =
            new UploadService(repository, signer, storage, UploadPolicy.defaults(), Clock.systemUTC());

    JsonNode create(String body) {
        ObjectNode event = Lambda.event("create-upload.json");
        if (body != null) {
            event.put("body", body);
        }
        return Lambda.invoke(new CreateUploadHandler(service), event);
    }

    JsonNode complete(String key) {
        ObjectNode event = Lambda.event("s3-object-created.json");
        ((ObjectNode) event.get("Records").get(0).get("s3").get("object")).put("key", key);
        return Lambda.invoke(new UploadCompletedHandler(service), event);
    }

    @Test
    void createSignsAPostFormUnderAServerMadeKey() {
        JsonNode response = create(null);
        assertEquals(201, response.get("statusCode").asInt());
        JsonNode body = Lambda.body(response);
        assertEquals(
                "uploads/" + USER + "/" + body.get("uploadId").asText(),
                body.get("key").asText());
        assertEquals(body.get("key").asText(), body.get("fields").get("key").asText());
        assertEquals(
                UploadStatus.PENDING,
                repository.byId.get(body.get("uploadId").asText()).status());
    }

    @Test
    void badRequestsAre400BeforeAnythingIsSignedOrWritten() {
        for (String body : List.of(
                "{\"fileName\":\"a.svg\",\"contentType\":\"image/svg+xml\",\"contentLength\":10,\"method\":\"PUT\"}",
                "{\"fileName\":\"a.png\",\"contentType\":\"image/png\",\"contentLength\":0,\"method\":\"PUT\"}",
                "{\"fileName\":\"a.png\",\"contentType\":\"image/png\",\"contentLength\":1.5,\"method\":\"PUT\"}",
                "{\"fileName\":\"a.png\",\"contentType\":\"image/png\",\"contentLength\":10,\"method\":\"put\"}",
                "{\"fileName\":\"line\\nbreak.png\",\"contentType\":\"image/png\",\"contentLength\":10,\"method\":\"PUT\"}",
                "{\"contentType\":\"image/png\",\"contentLength\":10,\"method\":\"PUT\"}")) {
            assertEquals(400, create(body).get("statusCode").asInt(), body);
        }
        assertEquals(0, signer.signatures.get(), "nothing signed");
        assertTrue(repository.byId.isEmpty(), "nothing written");
    }

    @Test
    void completionVerifiesOnceAndRejectsAMismatch() {
        String id = Lambda.body(
                        create(
                                "{\"fileName\":\"a.png\",\"contentType\":\"image/png\",\"contentLength\":10,\"method\":\"PUT\"}"))
                .get("uploadId")
                .asText();
        String key = "uploads/" + USER + "/" + id;
        storage.objects.put(key, new UploadStorage.StoredObject(10, "image/png", null));
        assertEquals(
                "AVAILABLE", complete(key).get("results").get(0).get("outcome").asText());
        assertEquals(
                "ALREADY_DONE",
                complete(key).get("results").get(0).get("outcome").asText());
        assertTrue(storage.objects.containsKey(key));

        String other = Lambda.body(
                        create(
                                "{\"fileName\":\"b.png\",\"contentType\":\"image/png\",\"contentLength\":10,\"method\":\"PUT\"}"))
                .get("uploadId")
                .asText();
        String otherKey = "uploads/" + USER + "/" + other;
        storage.objects.put(otherKey, new UploadStorage.StoredObject(11, "image/png", null));
        assertEquals(
                "REJECTED",
                complete(otherKey).get("results").get(0).get("outcome").asText());
        assertFalse(storage.objects.containsKey(otherKey));
        assertEquals(UploadStatus.REJECTED, repository.byId.get(other).status());

        storage.objects.put("uploads/elsewhere/x", new UploadStorage.StoredObject(1, "image/png", null));
        assertEquals(
                "ORPHAN_DELETED",
                complete("uploads/elsewhere/x")
                        .get("results")
                        .get(0)
                        .get("outcome")
                        .asText());
        assertFalse(storage.objects.containsKey("uploads/elsewhere/x"));
    }

    @Test
    void readsAreTheOwnersOnly() {
        String id = Lambda.body(create(null)).get("uploadId").asText();
        ObjectNode own = Lambda.event("get-upload.json");
        ((ObjectNode) own.get("pathParameters")).put("uploadId", id);
        JsonNode view = Lambda.invoke(new GetUploadHandler(service), own);
        assertEquals(200, view.get("statusCode").asInt());
        assertFalse(Lambda.body(view).has("downloadUrl"), "no download before the upload is verified");

        ObjectNode other = own.deepCopy();
        ((ObjectNode) other.get("requestContext").get("authorizer").get("lambda"))
                .put("userId", "00000000-0000-4000-8000-00000000000b");
        assertEquals(
                404,
                Lambda.invoke(new GetUploadHandler(service), other)
                        .get("statusCode")
                        .asInt());
        assertEquals(
                404,
                Lambda.invoke(new GetUploadHandler(service), Lambda.event("get-upload.json"))
                        .get("statusCode")
                        .asInt());

        JsonNode list = Lambda.invoke(new ListUploadsHandler(service), Lambda.event("list-uploads.json"));
        assertEquals(1, Lambda.body(list).get("items").size());
    }
}
