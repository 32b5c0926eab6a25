package dev.polystack.local.contract;

import dev.polystack.account.AccountObjects;
import dev.polystack.account.AccountObjectsContract;
import dev.polystack.account.adapter.S3AccountObjects;
import dev.polystack.upload.Upload;
import dev.polystack.upload.UploadMethod;
import dev.polystack.upload.UploadStatus;
import dev.polystack.upload.adapter.DynamoUploadRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The account objects' contract against their S3 adapter on S3Proxy. An upload's object is stored
 * with a PENDING record that matches it, as a signed upload would be: the stack's completion function
 * then marks it available instead of deleting it as an orphan.
 */
class S3AccountObjectsContractIT extends AccountObjectsContract {
    private static final String TYPE = "application/octet-stream";
    private final AccountObjects objects =
            new S3AccountObjects(LocalStores.clients().s3(), LocalStores.BUCKET);
    private final DynamoUploadRepository records = new DynamoUploadRepository(
            LocalStores.clients().dynamo(), LocalStores.clients().enhanced(), LocalStores.TABLE, Clock.systemUTC());

    @Override
    protected AccountObjects objects() {
        return objects;
    }

    @Override
    protected void store(String key) {
        String[] parts = key.split("/");
        if (key.startsWith(Upload.KEY_PREFIX)) {
            Instant now = Instant.now();
            records.create(new Upload(
                    parts[1],
                    parts[2],
                    key,
                    "f.bin",
                    TYPE,
                    1,
                    null,
                    UploadMethod.PUT,
                    UploadStatus.PENDING,
                    null,
                    now,
                    now.plus(Duration.ofMinutes(15))));
        }
        LocalStores.clients()
                .s3()
                .putObject(
                        b -> b.bucket(LocalStores.BUCKET).key(key).contentType(TYPE),
                        RequestBody.fromBytes(new byte[] {1}));
    }

    @Override
    protected boolean exists(String key) {
        return LocalStores.clients()
                .s3()
                .listObjectsV2(b -> b.bucket(LocalStores.BUCKET).prefix(key))
                .contents()
                .stream()
                .anyMatch(o -> o.key().equals(key));
    }
}
