package dev.polystack.migration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Brings the schema up to date: each migration once, in version order, each in its own transaction. */
public final class MigrationService {
    /** The ordered list of scripts; a classpath folder cannot be listed reliably inside a jar. */
    public static final String INDEX = "db/migration/index.txt";

    private final MigrationTarget target;
    private final List<Migration> migrations;

    public MigrationService(MigrationTarget target, List<Migration> migrations) {
        this.target = target;
        this.migrations = migrations.stream().sorted(Comparator.comparingInt(Migration::version)).toList();
    }

    public static List<Migration> fromClasspath() {
        ClassLoader loader = MigrationService.class.getClassLoader();
        List<Migration> found = new ArrayList<>();
        for (String line : read(loader, INDEX).split("\n")) {
            String fileName = line.strip();
            if (!fileName.isEmpty() && !fileName.startsWith("#")) {
                found.add(Migration.parse(fileName, read(loader, "db/migration/" + fileName)));
            }
        }
        return found;
    }

    /**
     * One SHA-256 over every migration's version and checksum, in version order: what the deploy asks
     * for (the custom resource's {@code migrationsChecksum}) and what a build of the code ships.
     */
    public static String checksum(List<Migration> migrations) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Migration migration : migrations.stream().sorted(Comparator.comparingInt(Migration::version)).toList()) {
                digest.update((migration.version() + ":" + migration.checksum() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public record Outcome(List<Integer> applied, List<Integer> skipped) {
    }

    public Outcome migrate() {
        target.prepareLedger();
        List<Integer> applied = new ArrayList<>();
        List<Integer> skipped = new ArrayList<>();
        for (Migration migration : migrations) {
            Optional<String> recorded = target.applyUnlessRecorded(migration);
            if (recorded.isEmpty()) {
                applied.add(migration.version());
            } else if (recorded.get().equals(migration.checksum())) {
                skipped.add(migration.version());
            } else {
                throw new IllegalStateException("migration V" + migration.version()
                        + " was changed after it was applied; add a new migration instead");
            }
        }
        return new Outcome(List.copyOf(applied), List.copyOf(skipped));
    }

    private static String read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
