package dev.polystack.local.contract;

import dev.polystack.local.LocalBackend;
import dev.polystack.recovery.RecoveryLedger;
import dev.polystack.recovery.RecoveryLedgerContract;
import dev.polystack.recovery.adapter.DynamoRecoveryLedger;

/** The recovery ledger's contract against its DynamoDB adapter, on the ledger's own table in DynamoDB Local. */
class DynamoRecoveryLedgerContractIT extends RecoveryLedgerContract {
    private final RecoveryLedger ledger =
            new DynamoRecoveryLedger(LocalStores.clients().dynamo(), LocalBackend.LEDGER_TABLE);

    @Override
    protected RecoveryLedger ledger() {
        return ledger;
    }
}
