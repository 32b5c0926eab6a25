package dev.polystack.local.contract;

import dev.polystack.account.AccountStore;
import dev.polystack.account.adapter.DynamoAccountStore;
import dev.polystack.lake.CustomerSecrets;
import dev.polystack.lake.CustomerSecretsContract;
import dev.polystack.lake.adapter.DynamoCustomerSecrets;
import dev.polystack.user.DisplayName;
import dev.polystack.user.Email;
import dev.polystack.user.User;
import dev.polystack.user.UserRepository;
import java.time.Instant;

/**
 * The customer secrets' contract against their DynamoDB adapter on DynamoDB Local; the accounts are
 * made and erased by the user and account adapters, as the sign-up and the erasure do.
 */
class DynamoCustomerSecretsContractIT extends CustomerSecretsContract {
    private final CustomerSecrets secrets =
            new DynamoCustomerSecrets(LocalStores.clients().dynamo(), LocalStores.TABLE);
    private final UserRepository users = DynamoUserRepositoryContractIT.adapter();
    private final AccountStore accounts = new DynamoAccountStore(
            LocalStores.clients().dynamo(), LocalStores.clients().enhanced(), LocalStores.TABLE);

    @Override
    protected CustomerSecrets secrets() {
        return secrets;
    }

    @Override
    protected void openAccount(String userId) {
        users.create(new User(
                userId,
                new Email(userId + "@example.com"),
                new DisplayName("Lake"),
                "$argon2id$not-a-real-hash",
                Instant.now(),
                1));
    }

    @Override
    protected void removeProfile(String userId) {
        users.removeAccount(userId);
    }

    @Override
    protected void deleteItems(String userId) {
        accounts.deleteItems(userId);
    }
}
