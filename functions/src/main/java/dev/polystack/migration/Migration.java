package dev.polystack.migration;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One versioned SQL script, {@code V<n>__<description>.sql}, split into its statements. */
public record Migration(int version, String description, List<String> statements, String checksum) {
    private static final Pattern FILE_NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    public static Migration parse(String fileName, String script) {
        Matcher name = FILE_NAME.matcher(fileName);
        if (!name.matches()) {
            throw new IllegalArgumentException("migration file name must look like V1__what_it_does.sql: " + fileName);
        }
        return new Migration(
                Integer.parseInt(name.group(1)),
                name.group(2).replace('_', ' '),
                SqlScript.statements(script),
                sha256(script));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
