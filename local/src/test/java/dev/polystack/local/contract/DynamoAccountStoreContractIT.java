package dev.polystack.local.contract;

import dev.polystack.account.AccountStore;
import dev.polystack.account.AccountStoreContract;
import dev.polystack.account.adapter.DynamoAccountStore;

/** The account store's contract against its DynamoDB adapter on DynamoDB Local. */
class DynamoAccountStoreContractIT extends AccountStoreContract {
    private final AccountStore store = new DynamoAccountStore(
            LocalStores.clients().dynamo(), LocalStores.clients().enhanced(), LocalStores.TABLE);

    @Override
    protected AccountStore store() {
        return store;
    }
}
