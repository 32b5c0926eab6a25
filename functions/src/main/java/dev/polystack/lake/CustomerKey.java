package dev.polystack.lake;

import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The customer as the lake knows them: HMAC-SHA256 of the user id under the user's own secret. Stable
 * while the account lives (so analytics can count repeat customers), unlinkable once the secret is gone.
 */
public final class CustomerKey {
    private CustomerKey() {}

    public static String of(byte[] secret, String userId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(userId.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
