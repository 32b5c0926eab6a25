package dev.polystack.local.contract;

import dev.polystack.session.SessionStore;
import dev.polystack.session.SessionStoreContract;
import dev.polystack.session.adapter.DynamoSessionStore;

/** The session port's contract against its DynamoDB adapter on DynamoDB Local. */
class DynamoSessionStoreContractIT extends SessionStoreContract {
    private final SessionStore sessions = new DynamoSessionStore(
            LocalStores.clients().enhanced(), LocalStores.clients().dynamo(), LocalStores.TABLE);

    @Override
    protected SessionStore sessions() {
        return sessions;
    }
}
