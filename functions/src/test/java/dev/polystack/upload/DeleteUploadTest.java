package dev.polystack.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystack.Lambda;
import dev.polystack.upload.handler.CreateUploadHandler;
import dev.polystack.upload.handler.DeleteUploadHandler;
import dev.polystack.upload.handler.GetUploadHandler;
import dev.polystack.upload.handler.UploadCompletedHandler;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** {@code DELETE /uploads/{uploadId}} over in-memory ports, fed with {@code events/delete-upload.json}. */
class DeleteUploadTest {
    static final String OWNER = UploadHandlersTest.USER;
    static final String PNG =
            "{\"fileName\":\"a.png\",\"contentType\":\"image/png\",\"contentLength\":10,\"method\":\"PUT\"}";

    final UploadHandlersTest.FakeRepository repository = new UploadHandlersTest.FakeRepository();
    final FailingStorage storage = new FailingStorage();
    final UploadService service = new UploadService(
            repository, new UploadHandlersTest.FakeSigner(), storage, UploadPolicy.defaults(), Clock.systemUTC());

    /** Fails the next delete when told to, as S3 may. */
    static final class FailingStorage extends UploadHandlersTest.FakeStorage {
        boolean failNextDelete;

        @Override
        public void delete(String key) {
            if (failNextDelete) {
                failNextDelete = false;
                throw new IllegalStateException("S3 is unreachable");
            }
            super.delete(key);
        }
    }

    String createUpload() {
        ObjectNode event = Lambda.event("create-upload.json");
        event.put("body", PNG);
        return Lambda.body(Lambda.invoke(new CreateUploadHandler(service), event))
                .get("uploadId")
                .asText();
    }

    String arrive(String uploadId) {
        String key = Upload.keyFor(OWNER, uploadId);
        storage.objects.put(key, new UploadStorage.StoredObject(10, "image/png", null));
        ObjectNode event = Lambda.event("s3-object-created.json");
        ((ObjectNode) event.get("Records").get(0).get("s3").get("object")).put("key", key);
        return Lambda.invoke(new UploadCompletedHandler(service), event)
                .get("results")
                .get(0)
                .get("outcome")
                .asText();
    }

    JsonNode delete(String uploadId, String caller) {
        ObjectNode event = Lambda.event("delete-upload.json");
        event.put("rawPath", "/uploads/" + uploadId);
        ((ObjectNode) event.get("pathParameters")).put("uploadId", uploadId);
        ((ObjectNode) event.get("requestContext").get("authorizer").get("lambda")).put("userId", caller);
        return Lambda.invoke(new DeleteUploadHandler(service), event);
    }

    int get(String uploadId) {
        ObjectNode event = Lambda.event("get-upload.json");
        ((ObjectNode) event.get("pathParameters")).put("uploadId", uploadId);
        return Lambda.invoke(new GetUploadHandler(service), event)
                .get("statusCode")
                .asInt();
    }

    @Test
    void theOwnerDeletesObjectAndRecordAndARepeatIs404() {
        String id = createUpload();
        assertEquals("AVAILABLE", arrive(id));
        assertEquals(204, delete(id, OWNER).get("statusCode").asInt());
        assertFalse(storage.objects.containsKey(Upload.keyFor(OWNER, id)), "object gone");
        assertFalse(repository.byId.containsKey(id), "record gone");
        JsonNode repeat = delete(id, OWNER);
        assertEquals(404, repeat.get("statusCode").asInt());
        assertEquals(
                "UPLOAD_NOT_FOUND", Lambda.body(repeat).get("error").get("code").asText());
    }

    @Test
    void anotherUsersUploadIs404AndStays() {
        String id = createUpload();
        arrive(id);
        JsonNode answer = delete(id, "00000000-0000-4000-8000-000000000bad");
        assertEquals(404, answer.get("statusCode").asInt());
        assertEquals(
                "UPLOAD_NOT_FOUND", Lambda.body(answer).get("error").get("code").asText());
        assertTrue(storage.objects.containsKey(Upload.keyFor(OWNER, id)));
        assertEquals(UploadStatus.AVAILABLE, repository.byId.get(id).status());
    }

    @Test
    void aMalformedIdIs404WithNothingRead() {
        assertEquals(404, delete("../../etc", OWNER).get("statusCode").asInt());
    }

    @Test
    void aDeleteCutShortLeavesAHiddenRecordThatARepeatFinishes() {
        String id = createUpload();
        arrive(id);
        storage.failNextDelete = true;
        assertEquals(500, delete(id, OWNER).get("statusCode").asInt());
        assertEquals(UploadStatus.DELETING, repository.byId.get(id).status(), "never AVAILABLE without its object");
        assertEquals(404, get(id), "a half-deleted upload is shown to no one");
        assertTrue(service.all(OWNER).isEmpty(), "nor listed");
        assertEquals(204, delete(id, OWNER).get("statusCode").asInt(), "the repeat finishes");
        assertFalse(storage.objects.containsKey(Upload.keyFor(OWNER, id)));
        assertFalse(repository.byId.containsKey(id));
    }

    @Test
    void aPendingUploadWhoseObjectArrivesAfterDeletionIsNotResurrected() {
        String id = createUpload();
        assertEquals(204, delete(id, OWNER).get("statusCode").asInt());
        assertEquals("ORPHAN_DELETED", arrive(id));
        assertFalse(storage.objects.containsKey(Upload.keyFor(OWNER, id)), "the late object is deleted");
        assertFalse(repository.byId.containsKey(id), "no record comes back");
    }

    @Test
    void anObjectArrivingWhileTheRecordIsDeletingIsDeleted() {
        String id = createUpload();
        storage.failNextDelete = true;
        assertThrows(IllegalStateException.class, () -> service.delete(OWNER, id));
        assertEquals("DELETED_ON_ARRIVAL", arrive(id));
        assertFalse(storage.objects.containsKey(Upload.keyFor(OWNER, id)));
        assertEquals(UploadStatus.DELETING, repository.byId.get(id).status(), "still not AVAILABLE");
    }

    @Test
    void theCompletionLeavesExportsAlone() {
        String key = "exports/" + OWNER + "/0190000000000000aabbccdd.json";
        storage.objects.put(key, new UploadStorage.StoredObject(100, "application/json", null));
        assertEquals(UploadService.Completion.NOT_AN_UPLOAD, service.complete(key));
        assertTrue(storage.objects.containsKey(key));
    }
}
