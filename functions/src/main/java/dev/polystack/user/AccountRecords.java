package dev.polystack.user;

import java.util.List;

/** What the other contexts hold about a user, for the export; the composition root asks them. */
public interface AccountRecords {
    List<AccountExport.Order> orders(String userId);

    List<AccountExport.Upload> uploads(String userId);
}
