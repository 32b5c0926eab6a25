package dev.polystack.local.contract;

import dev.polystack.upload.UploadStorage;
import dev.polystack.upload.UploadStorageContract;
import dev.polystack.upload.adapter.S3UploadStorage;
import software.amazon.awssdk.core.sync.RequestBody;

/** The upload storage's contract against its S3 adapter on S3Proxy. */
class S3UploadStorageContractIT extends UploadStorageContract {
    private final UploadStorage storage =
            new S3UploadStorage(LocalStores.clients().s3(), LocalStores.BUCKET);

    @Override
    protected UploadStorage storage() {
        return storage;
    }

    @Override
    protected void store(String key, String contentType, byte[] bytes) {
        LocalStores.clients()
                .s3()
                .putObject(
                        b -> b.bucket(LocalStores.BUCKET).key(key).contentType(contentType),
                        RequestBody.fromBytes(bytes));
    }
}
