package dev.polystack.user;

/** One-way password hashing with a per-password salt and tunable cost. */
public interface PasswordHasher {
    String hash(Password password);

    /** Constant-time with respect to where the hashes differ. */
    boolean verify(String password, String encodedHash);
}
