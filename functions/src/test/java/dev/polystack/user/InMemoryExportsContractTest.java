package dev.polystack.user;

import java.util.Optional;

/** The export store fake the export's tests use keeps the export store's contract. */
class InMemoryExportsContractTest extends ExportStoreContract {
    private final InMemoryExports exports = new InMemoryExports();

    @Override
    protected ExportStore store() {
        return exports;
    }

    @Override
    protected Optional<AccountExport> download(String url) {
        return exports.download(url);
    }
}
