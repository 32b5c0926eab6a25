package dev.polystack.recovery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Tells two password hashes apart without keeping either: SHA-256 over the whole encoded hash (its
 * salt included), hex. The ledger keeps this instead of the hash, so a copy of the ledger is no
 * offline-guessing target; a recovery compares it with the restored account's hash to learn whether
 * the change after the restore point is already there.
 */
public final class PasswordFingerprint {
    private PasswordFingerprint() {}

    public static String of(String passwordHash) {
        if (passwordHash == null || passwordHash.isEmpty()) {
            throw new IllegalArgumentException("no hash to fingerprint");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(passwordHash.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
