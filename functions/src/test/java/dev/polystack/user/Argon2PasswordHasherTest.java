package dev.polystack.user;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystack.user.adapter.Argon2PasswordHasher;
import org.junit.jupiter.api.Test;

class Argon2PasswordHasherTest {
    final Argon2PasswordHasher hasher = new Argon2PasswordHasher();

    @Test
    void hashesWithOwaspParametersAndVerifies() {
        String hash = hasher.hash(new Password("correct horse battery"));
        assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
        assertTrue(hasher.verify("correct horse battery", hash));
        assertFalse(hasher.verify("correct horse batterY", hash));
    }

    @Test
    void aHashIsVerifiedWithTheParametersItCarriesWhateverTheHashersOwnCost() {
        Argon2PasswordHasher tests = new Argon2PasswordHasher(Argon2PasswordHasher.Cost.TESTS);
        String light = tests.hash(new Password("correct horse battery"));
        assertTrue(light.startsWith("$argon2id$v=19$m=64,t=1,p=1$"), light);
        assertTrue(hasher.verify("correct horse battery", light));
        assertFalse(hasher.verify("correct horse batterY", light));
        String owasp = hasher.hash(new Password("correct horse battery"));
        assertTrue(tests.verify("correct horse battery", owasp));
        assertFalse(tests.verify("correct horse batterY", owasp));
    }

    @Test
    void saltsEveryHash() {
        assertNotEquals(hasher.hash(new Password("same password")), hasher.hash(new Password("same password")));
    }

    @Test
    void malformedStoredHashesNeverVerify() {
        assertFalse(hasher.verify("x", null));
        assertFalse(hasher.verify("x", "$2a$10$bcrypt"));
        assertFalse(hasher.verify("x", "$argon2id$v=19$m=oops$AAAA$AAAA"));
    }
}
