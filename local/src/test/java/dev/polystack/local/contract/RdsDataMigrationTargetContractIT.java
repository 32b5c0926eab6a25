package dev.polystack.local.contract;

import dev.polystack.local.FreshDatabase;
import dev.polystack.migration.MigrationTarget;
import dev.polystack.migration.MigrationTargetContract;
import dev.polystack.migration.adapter.RdsDataMigrationTarget;
import dev.polystack.shared.adapter.DataApi;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;

/**
 * The migration target's contract against its Data API adapter on PostgreSQL, each test on a fresh
 * database: the ledger's versions are the database's, so the stack's own could not be shared.
 */
class RdsDataMigrationTargetContractIT extends MigrationTargetContract {
    private final FreshDatabase database = FreshDatabase.create("migration_contract");
    private final MigrationTarget target = new RdsDataMigrationTarget(database.dataApi());

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Override
    protected MigrationTarget target() {
        return target;
    }

    @Override
    protected Set<String> tables() {
        return database
                .dataApi()
                .execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
                .records()
                .stream()
                .map(row -> DataApi.string(row, 0))
                .collect(Collectors.toSet());
    }
}
