package dev.polystack.user;

import java.util.concurrent.atomic.AtomicInteger;

/** A cheap reversible stand-in for Argon2 that counts the work a use case asks for. */
public final class CountingHasher implements PasswordHasher {
    public final AtomicInteger hashes = new AtomicInteger();
    public final AtomicInteger verifications = new AtomicInteger();

    @Override
    public String hash(Password password) {
        hashes.incrementAndGet();
        return "plain:" + password.value();
    }

    @Override
    public boolean verify(String password, String encodedHash) {
        verifications.incrementAndGet();
        return ("plain:" + password).equals(encodedHash);
    }
}
