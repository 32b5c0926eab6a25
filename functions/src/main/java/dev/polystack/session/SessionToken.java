package dev.polystack.session;

import dev.polystack.shared.Entropy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A bearer token: 256 random bits, base64url without padding. Only its SHA-256 is ever stored, so a
 * leaked table does not leak usable tokens.
 */
public record SessionToken(String value) {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern BEARER = Pattern.compile("(?i)Bearer ([A-Za-z0-9_-]{43})");

    public static SessionToken generate() {
        byte[] bytes = new byte[32];
        Entropy.random().nextBytes(bytes);
        return new SessionToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** The token in an {@code Authorization: Bearer …} header, if the header has exactly that shape. */
    public static Optional<SessionToken> fromAuthorizationHeader(String header) {
        if (header == null) {
            return Optional.empty();
        }
        var match = BEARER.matcher(header.strip());
        return match.matches() ? Optional.of(new SessionToken(match.group(1))) : Optional.empty();
    }

    public boolean wellFormed() {
        return value != null && SHAPE.matcher(value).matches();
    }

    public String hash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "SessionToken[****]";
    }
}
