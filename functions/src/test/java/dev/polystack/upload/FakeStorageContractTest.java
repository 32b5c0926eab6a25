package dev.polystack.upload;

/** The bucket's fake ({@code UploadHandlersTest.FakeStorage}) keeps the upload storage's contract. */
class FakeStorageContractTest extends UploadStorageContract {
    private final UploadHandlersTest.FakeStorage storage = new UploadHandlersTest.FakeStorage();

    @Override
    protected UploadStorage storage() {
        return storage;
    }

    /** The fake keeps what S3 would answer: the size, the type and the digest its GetObject would compute. */
    @Override
    protected void store(String key, String contentType, byte[] bytes) {
        storage.objects.put(key, new UploadStorage.StoredObject(bytes.length, contentType, sha256(bytes)));
    }
}
