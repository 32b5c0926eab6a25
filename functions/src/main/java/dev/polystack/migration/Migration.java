package dev.polystack.migration;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SQL script split into its statements: a versioned schema change ({@code V<n>__<description>.sql},
 * applied once) or a repeatable one ({@code R__<name>.sql}, the current body of SQL functions, applied
 * again whenever its text changes, as Flyway does).
 */
public sealed interface Migration {
    Pattern VERSIONED = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");
    Pattern REPEATABLE = Pattern.compile("R__([A-Za-z0-9_]+)\\.sql");

    List<String> statements();

    /** SHA-256 of the script's text. */
    String checksum();

    /**
     * Applied once, in version order. {@code formerChecksums}: earlier texts of this version that leave the
     * same schema (function bodies moved out to repeatable scripts), accepted in a database's ledger.
     */
    record Versioned(
            int version, String description, List<String> statements, String checksum, Set<String> formerChecksums)
            implements Migration {
        public Versioned {
            statements = List.copyOf(statements);
            formerChecksums = Set.copyOf(formerChecksums);
        }

        /** Whether a ledger that recorded {@code recorded} for this version already has this schema change. */
        public boolean matches(String recorded) {
            return checksum.equals(recorded) || formerChecksums.contains(recorded);
        }
    }

    /** Applied after every versioned one, in name order, whenever its checksum differs from the recorded one. */
    record Repeatable(String name, List<String> statements, String checksum) implements Migration {
        public Repeatable {
            statements = List.copyOf(statements);
        }
    }

    static Migration parse(String fileName, String script) {
        return parse(fileName, script, Set.of());
    }

    static Migration parse(String fileName, String script, Set<String> formerChecksums) {
        Matcher versioned = VERSIONED.matcher(fileName);
        if (versioned.matches()) {
            return new Versioned(
                    Integer.parseInt(versioned.group(1)),
                    versioned.group(2).replace('_', ' '),
                    SqlScript.statements(script),
                    sha256(script),
                    formerChecksums);
        }
        Matcher repeatable = REPEATABLE.matcher(fileName);
        if (repeatable.matches() && formerChecksums.isEmpty()) {
            return new Repeatable(repeatable.group(1), SqlScript.statements(script), sha256(script));
        }
        throw new IllegalArgumentException(
                repeatable.matches()
                        ? "a repeatable migration has no earlier texts to accept (it is re-applied instead): "
                                + fileName
                        : "migration file name must look like V1__what_it_does.sql or R__function_name.sql: "
                                + fileName);
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
