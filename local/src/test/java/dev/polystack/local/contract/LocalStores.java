package dev.polystack.local.contract;

import dev.polystack.local.LocalBackend;
import dev.polystack.local.SharedBackend;
import dev.polystack.shared.adapter.AwsClients;
import dev.polystack.shared.adapter.DataApi;

/**
 * The real adapters' stores: the test JVM's one local stack (DynamoDB Local, S3Proxy, PostgreSQL
 * behind the Data API emulator), reached through the SDK clients the functions use.
 */
final class LocalStores {
    static final String TABLE = LocalBackend.TABLE;
    static final String BUCKET = LocalBackend.BUCKET;

    private LocalStores() {}

    static AwsClients clients() {
        return SharedBackend.get().app().clients();
    }

    static DataApi dataApi() {
        return new DataApi(
                clients().rdsData(),
                LocalBackend.CLUSTER_ARN,
                LocalBackend.SECRET_ARN,
                SharedBackend.get().settings().dbName());
    }
}
