package dev.polystack.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A recovery's upload step: objects under uploads/ whose record the restore took away are deleted; the rest stay. */
class OrphanedObjectsTest {
    final UploadHandlersTest.FakeRepository repository = new UploadHandlersTest.FakeRepository();
    final UploadHandlersTest.FakeStorage storage = new UploadHandlersTest.FakeStorage();
    final UploadService service = new UploadService(
            repository, new UploadHandlersTest.FakeSigner(), storage, UploadPolicy.defaults(), Clock.systemUTC());
    final UploadStorage.StoredObject bytes = new UploadStorage.StoredObject(3, "image/png", null);

    @Test
    void anObjectWithoutItsRecordIsDeletedAndOneWithItsRecordStays() {
        String userId = UUID.randomUUID().toString();
        Upload kept = service.create(userId, new UploadRequest("a.png", "image/png", 3, UploadMethod.PUT, null))
                .upload();
        String orphan = Upload.keyFor(userId, UUID.randomUUID().toString());
        storage.objects.put(kept.key(), bytes);
        storage.objects.put(orphan, bytes);
        storage.objects.put("uploads/not-an-upload-key", bytes);
        storage.objects.put("exports/" + userId + "/export.json", bytes);

        assertEquals(2, service.deleteOrphanedObjects());

        assertEquals(
                List.of("exports/" + userId + "/export.json", kept.key()),
                storage.objects.keySet().stream().sorted().toList(),
                "the recorded upload and what is not under uploads/ stay");
        assertEquals(0, service.deleteOrphanedObjects(), "a second run finds nothing more");
    }
}
