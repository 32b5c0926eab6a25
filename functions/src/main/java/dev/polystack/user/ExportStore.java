package dev.polystack.user;

import java.time.Duration;

/** Where exports are kept until their owner downloads them. */
public interface ExportStore {
    /** Stores the document under {@code key} and returns a download URL valid for {@code lifetime}. */
    String save(String key, AccountExport export, Duration lifetime);
}
