package dev.polystack.lake;

import java.util.Optional;

/**
 * One random secret per user, from which the lake's pseudonymous customer key is derived. It lives
 * with the account and is destroyed with it by the erasure (crypto-shredding): afterwards no key in the
 * lake can be recomputed from a user id, and no new secret can be made for the erased account.
 */
public interface CustomerSecrets {
    /** The user's secret, made on first use while the account exists; empty once the account is gone. */
    Optional<byte[]> secretOf(String userId);
}
