package dev.polystack.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link UploadStorage} does: the fake ({@code FakeStorageContractTest}) and the S3 adapter
 * on S3Proxy ({@code S3UploadStorageContractIT}). Keys are under a prefix of the test's own, outside
 * {@code uploads/} and {@code products/}: the local stack's completion function would delete an
 * object there that has no upload record, and the adapter treats every key alike.
 */
public abstract class UploadStorageContract {
    protected abstract UploadStorage storage();

    /** Puts an object as a client's upload would (no checksum recorded by the store). */
    protected abstract void store(String key, String contentType, byte[] bytes);

    final String prefix = "contract/" + UUID.randomUUID() + "/";

    static String sha256(byte[] bytes) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    public void aStoredObjectHasItsSizeTypeAndTheDigestOfItsBytes() {
        byte[] bytes = "\u0089PNG not really".getBytes(StandardCharsets.ISO_8859_1);
        store(prefix + "a", "image/png", bytes);
        UploadStorage.StoredObject head = storage().head(prefix + "a").orElseThrow();
        assertEquals(bytes.length, head.size());
        assertEquals("image/png", head.contentType());
        assertEquals(sha256(bytes), storage().sha256(prefix + "a"));
    }

    @Test
    public void aMissingObjectHasNoHeadAndDeletingItIsHarmless() {
        assertTrue(storage().head(prefix + "missing").isEmpty());
        storage().delete(prefix + "missing");
    }

    @Test
    public void aDeletedObjectIsGone() {
        store(prefix + "a", "image/png", new byte[] {1, 2, 3});
        storage().delete(prefix + "a");
        assertTrue(storage().head(prefix + "a").isEmpty());
        assertTrue(storage().list(prefix).isEmpty());
    }

    @Test
    public void theKeysUnderAPrefixAreListedInKeyOrderAndNoOthers() {
        store(prefix + "b", "image/png", new byte[] {1});
        store(prefix + "a", "image/png", new byte[] {2});
        store(prefix + "c/d", "image/png", new byte[] {3});
        store(prefix.substring(0, prefix.length() - 1) + "x", "image/png", new byte[] {4});
        assertEquals(
                List.of(prefix + "a", prefix + "b", prefix + "c/d"), storage().list(prefix));
    }
}
