package dev.polystack.user.adapter;

import dev.polystack.shared.Entropy;
import dev.polystack.shared.Priming;
import dev.polystack.user.Password;
import dev.polystack.user.PasswordHasher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id with OWASP's recommended minimum (19 MiB of memory, 2 iterations, parallelism 1),
 * stored in the PHC string format so the parameters can be raised later without breaking old hashes:
 * a stored hash is verified with the parameters it carries, whatever this hasher's own {@link Cost}.
 */
public final class Argon2PasswordHasher implements PasswordHasher {
    /** Argon2id's cost: memory in KiB, passes, lanes. */
    public record Cost(int memoryKib, int iterations, int parallelism) {
        /** What every function uses (the no-argument constructor): deployed, and in the local stack's function processes. */
        public static final Cost OWASP = new Cost(MEMORY_KIB, ITERATIONS, PARALLELISM);

        /**
         * Only for the local stack's in-process functions in tests ({@code StackOptions.forTests()}): the same
         * algorithm and format with 64 KiB and one pass, well under a millisecond against about 60 ms, so a suite
         * that signs up and logs in over a thousand times does not spend most of its CPU on hashing (Django's test
         * runner does the same with its fast hasher). Never set by anything a deployment runs.
         */
        public static final Cost TESTS = new Cost(64, 1, 1);
    }

    public static final int MEMORY_KIB = 19 * 1024;
    public static final int ITERATIONS = 2;
    public static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODE = Base64.getDecoder();

    private final Cost cost;

    public Argon2PasswordHasher() {
        this(Cost.OWASP);
    }

    public Argon2PasswordHasher(Cost cost) {
        this.cost = cost;
        // Before a SnapStart snapshot: one derivation, so the first login after a restore runs compiled code.
        Priming.register("argon2", () -> verify("priming password", hash(new Password("priming password"))));
    }

    @Override
    public String hash(Password password) {
        byte[] salt = new byte[SALT_BYTES];
        Entropy.random().nextBytes(salt);
        byte[] hash =
                derive(password.value(), salt, cost.memoryKib(), cost.iterations(), cost.parallelism(), HASH_BYTES);
        return "$argon2id$v=19$m=" + cost.memoryKib() + ",t=" + cost.iterations() + ",p=" + cost.parallelism() + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    @Override
    public boolean verify(String password, String encodedHash) {
        String[] parts = encodedHash == null ? new String[0] : encodedHash.split("\\$");
        // ["", "argon2id", "v=19", "m=…,t=…,p=…", salt, hash]
        if (parts.length != 6 || !"argon2id".equals(parts[1]) || !"v=19".equals(parts[2])) {
            return false;
        }
        try {
            int memory = 0;
            int iterations = 0;
            int parallelism = 0;
            for (String setting : parts[3].split(",")) {
                String[] pair = setting.split("=", 2);
                int value = Integer.parseInt(pair[1]);
                switch (pair[0]) {
                    case "m" -> memory = value;
                    case "t" -> iterations = value;
                    case "p" -> parallelism = value;
                    default -> {
                        return false;
                    }
                }
            }
            byte[] salt = B64_DECODE.decode(parts[4]);
            byte[] expected = B64_DECODE.decode(parts[5]);
            byte[] actual = derive(password, salt, memory, iterations, parallelism, expected.length);
            return MessageDigest.isEqual(expected, actual);
        } catch (RuntimeException malformed) {
            return false;
        }
    }

    private static byte[] derive(
            String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
