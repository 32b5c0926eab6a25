package dev.polystack.lake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CustomerSecrets} does, run against the in-memory fake
 * ({@code InMemoryCustomerSecretsContractTest}) and against the DynamoDB adapter on DynamoDB Local
 * ({@code DynamoCustomerSecretsContractIT}): one secret per living account, the same every time, and
 * once the erasure has destroyed it, never one again (crypto-shredding). Each test makes users of its
 * own, since the real table is shared.
 */
public abstract class CustomerSecretsContract {
    protected abstract CustomerSecrets secrets();

    /** Stores a profile for {@code userId}, as a sign-up does. */
    protected abstract void openAccount(String userId);

    /** The erasure's removal of the profile and the e-mail claim (its first step). */
    protected abstract void removeProfile(String userId);

    /** The erasure's deletion of every item left in the user's partition (its later step). */
    protected abstract void deleteItems(String userId);

    private String openedAccount() {
        String userId = UUID.randomUUID().toString();
        openAccount(userId);
        return userId;
    }

    @Test
    void aLivingAccountGetsOneSecretOf32RandomBytesThatStaysTheSame() {
        String userId = openedAccount();
        byte[] secret = secrets().secretOf(userId).orElseThrow();
        assertEquals(32, secret.length);
        assertFalse(Arrays.equals(new byte[32], secret), "random, not zeros");
        assertArrayEquals(secret, secrets().secretOf(userId).orElseThrow());
    }

    @Test
    void eachAccountGetsASecretOfItsOwn() {
        byte[] one = secrets().secretOf(openedAccount()).orElseThrow();
        byte[] other = secrets().secretOf(openedAccount()).orElseThrow();
        assertFalse(Arrays.equals(one, other));
    }

    @Test
    void anAccountThatDoesNotExistGetsNoSecret() {
        String stranger = UUID.randomUUID().toString();
        assertEquals(Optional.empty(), secrets().secretOf(stranger));
        openAccount(stranger + "-other");
        assertEquals(Optional.empty(), secrets().secretOf(stranger), "asking made none");
    }

    @Test
    void theSecretLastsUntilTheErasureDeletesTheUsersItemsAndIsNeverMadeAgain() {
        String userId = openedAccount();
        byte[] secret = secrets().secretOf(userId).orElseThrow();
        removeProfile(userId);
        assertArrayEquals(
                secret,
                secrets().secretOf(userId).orElseThrow(),
                "the stored secret is read first: it goes with the partition's items, not with the profile");
        deleteItems(userId);
        assertEquals(Optional.empty(), secrets().secretOf(userId), "destroyed");
        assertEquals(Optional.empty(), secrets().secretOf(userId), "and not made again by asking");
    }

    @Test
    void anAccountErasedBeforeItsFirstUseNeverGetsASecret() {
        String userId = openedAccount();
        removeProfile(userId);
        assertEquals(Optional.empty(), secrets().secretOf(userId));
        deleteItems(userId);
        assertEquals(Optional.empty(), secrets().secretOf(userId));
    }

    @Test
    void changingTheAnsweredBytesChangesNothingStored() {
        String userId = openedAccount();
        byte[] answered = secrets().secretOf(userId).orElseThrow();
        byte[] kept = answered.clone();
        answered[0] ^= 1;
        assertArrayEquals(kept, secrets().secretOf(userId).orElseThrow());
    }

    @Test
    void firstUsesThatRaceAllGetTheOneSecretKept() throws Exception {
        String userId = openedAccount();
        int racers = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(racers);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                answers.add(threads.submit(() -> {
                    start.await();
                    return HexFormat.of().formatHex(secrets().secretOf(userId).orElseThrow());
                }));
            }
            start.countDown();
            Set<String> answered = new HashSet<>();
            for (Future<String> answer : answers) {
                answered.add(answer.get());
            }
            assertEquals(1, answered.size(), "one secret for every racer: " + answered);
            assertEquals(
                    answered,
                    Set.of(HexFormat.of().formatHex(secrets().secretOf(userId).orElseThrow())),
                    "and it is the one kept");
        } finally {
            threads.shutdownNow();
        }
    }
}
