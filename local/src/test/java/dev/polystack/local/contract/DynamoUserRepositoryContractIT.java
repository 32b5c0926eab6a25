package dev.polystack.local.contract;

import dev.polystack.order.adapter.DynamoOrderReadModel;
import dev.polystack.upload.adapter.DynamoUploadRepository;
import dev.polystack.user.UserRepository;
import dev.polystack.user.UserRepositoryContract;
import dev.polystack.user.adapter.DynamoUserRepository;

/** The user port's contract against its DynamoDB adapter on DynamoDB Local. */
class DynamoUserRepositoryContractIT extends UserRepositoryContract {
    static UserRepository adapter() {
        return new DynamoUserRepository(
                LocalStores.clients().dynamo(),
                LocalStores.clients().enhanced(),
                LocalStores.TABLE,
                DynamoOrderReadModel.ITEMS,
                DynamoUploadRepository.ITEMS);
    }

    private final UserRepository users = adapter();

    @Override
    protected UserRepository users() {
        return users;
    }
}
