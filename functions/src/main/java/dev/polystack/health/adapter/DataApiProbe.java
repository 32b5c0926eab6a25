package dev.polystack.health.adapter;

import dev.polystack.health.StoreProbe;
import dev.polystack.shared.adapter.DataApi;

public final class DataApiProbe implements StoreProbe {
    private final DataApi db;

    public DataApiProbe(DataApi db) {
        this.db = db;
    }

    @Override
    public String store() {
        return "aurora";
    }

    @Override
    public void check() {
        db.execute("SELECT 1");
    }
}
