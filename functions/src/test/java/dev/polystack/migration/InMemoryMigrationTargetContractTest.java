package dev.polystack.migration;

import java.util.Set;

/** The migration target fake the migration's tests use keeps the migration target's contract. */
class InMemoryMigrationTargetContractTest extends MigrationTargetContract {
    private final InMemoryMigrationTarget target = new InMemoryMigrationTarget();

    @Override
    protected MigrationTarget target() {
        return target;
    }

    @Override
    protected Set<String> tables() {
        return target.tables();
    }
}
