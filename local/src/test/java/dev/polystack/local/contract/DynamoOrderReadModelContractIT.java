package dev.polystack.local.contract;

import dev.polystack.order.OrderReadModel;
import dev.polystack.order.OrderReadModelContract;
import dev.polystack.order.adapter.DynamoOrderReadModel;
import dev.polystack.user.DisplayName;
import dev.polystack.user.Email;
import dev.polystack.user.User;
import dev.polystack.user.UserRepository;
import java.time.Instant;

/** The order read model's contract against its DynamoDB adapter on DynamoDB Local; accounts are made and erased through the user adapter. */
class DynamoOrderReadModelContractIT extends OrderReadModelContract {
    private final OrderReadModel readModel =
            new DynamoOrderReadModel(LocalStores.clients().dynamo(), LocalStores.TABLE);
    private final UserRepository users = DynamoUserRepositoryContractIT.adapter();

    @Override
    protected OrderReadModel readModel() {
        return readModel;
    }

    @Override
    protected void givenAccount(String userId) {
        users.create(new User(
                userId,
                new Email("orders-" + userId + "@example.com"),
                new DisplayName("Ada"),
                "hash",
                Instant.now(),
                1));
    }

    @Override
    protected void eraseAccount(String userId) {
        users.removeAccount(userId);
    }
}
