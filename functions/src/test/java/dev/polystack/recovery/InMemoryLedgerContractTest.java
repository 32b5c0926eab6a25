package dev.polystack.recovery;

/** The ledger fake keeps the ledger's contract. */
class InMemoryLedgerContractTest extends RecoveryLedgerContract {
    private final InMemoryLedger ledger = new InMemoryLedger();

    @Override
    protected RecoveryLedger ledger() {
        return ledger;
    }
}
