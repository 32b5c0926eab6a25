package dev.polystack.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AccountObjects} does: the fake ({@code InMemoryAccountObjectsContractTest}) and the
 * S3 adapter on S3Proxy ({@code S3AccountObjectsContractIT}).
 */
public abstract class AccountObjectsContract {
    protected abstract AccountObjects objects();

    /** Stores an object under {@code key} (an upload's key with its record, so that the stack keeps it). */
    protected abstract void store(String key);

    protected abstract boolean exists(String key);

    final String userId = UUID.randomUUID().toString();
    final String otherId = UUID.randomUUID().toString();

    /** An upload's key as the upload context makes them: its owner's prefix and a 24-digit id. */
    static String uploadKey(String owner) {
        return "uploads/" + owner + "/"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    @Test
    public void everyUploadAndExportOfTheUserIsDeletedAndNothingElse() {
        String one = uploadKey(userId);
        String two = uploadKey(userId);
        String others = uploadKey(otherId);
        String beside = "exports/" + userId + "-not-theirs/e.json";
        for (String key : List.of(one, two, "exports/" + userId + "/e.json", others, beside)) {
            store(key);
        }
        assertEquals(3, objects().deleteAll(userId));
        assertFalse(exists(one));
        assertFalse(exists(two));
        assertFalse(exists("exports/" + userId + "/e.json"));
        assertTrue(exists(others), "another user's upload");
        assertTrue(exists(beside), "a key that only begins like the user's prefix");
        assertEquals(0, objects().deleteAll(userId), "safe to repeat");
    }
}
