package dev.polystack.local.contract;

import dev.polystack.upload.UploadRepository;
import dev.polystack.upload.UploadRepositoryContract;
import dev.polystack.upload.adapter.DynamoUploadRepository;
import java.time.Clock;

/** The upload records' contract against their DynamoDB adapter on DynamoDB Local. */
class DynamoUploadRepositoryContractIT extends UploadRepositoryContract {
    private final UploadRepository uploads = new DynamoUploadRepository(
            LocalStores.clients().dynamo(), LocalStores.clients().enhanced(), LocalStores.TABLE, Clock.systemUTC());

    @Override
    protected UploadRepository uploads() {
        return uploads;
    }
}
