package dev.polystack.shared;

import java.security.SecureRandom;

/**
 * The process's source of randomness for secrets, salts and retry jitter, renewed after a SnapStart
 * restore: every environment resumed from one snapshot would otherwise continue the same generator
 * state (AWS, "Handling uniqueness with Lambda SnapStart"). The JDK's default {@code SecureRandom} on
 * Linux (NativePRNG) mixes fresh {@code /dev/urandom} bytes into every output anyway; a new instance
 * after restore also covers providers that seed once. {@code UUID.randomUUID()} draws from the JDK's
 * own NativePRNG instance in the same way.
 */
public final class Entropy {
    private static volatile SecureRandom random = new SecureRandom();

    static {
        Priming.afterRestore(Entropy::renew);
    }

    private Entropy() {}

    /** The current generator; do not keep it in a field (it is replaced after a restore). */
    public static SecureRandom random() {
        return random;
    }

    public static byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    /** A fresh generator, as after a restore. */
    public static void renew() {
        random = new SecureRandom();
    }
}
