package dev.polystack.session;

import dev.polystack.shared.RateLimiter.Limit;
import dev.polystack.user.Email;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * How many failed logins an account and a source address may have per window before the route
 * answers 429 without hashing a password. The account is counted under a hash of its e-mail
 * address, whether or not the account exists, so a refusal says nothing about which addresses are
 * users.
 */
public record LoginLimits(int perAccount, int perSourceAddress, Duration window) {
    public static final LoginLimits DEFAULT = new LoginLimits(10, 100, Duration.ofMinutes(15));

    public List<Limit> limitsFor(Email email, String sourceAddress) {
        List<Limit> limits = new ArrayList<>();
        limits.add(new Limit("login-account", sha256(email.value()), perAccount, window));
        if (sourceAddress != null && !sourceAddress.isBlank()) {
            limits.add(new Limit("login-ip", sourceAddress, perSourceAddress, window));
        }
        return limits;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
