package dev.polystack.migration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Brings the schema up to date: each versioned migration once, in version order, then each repeatable
 * script whose text changed, in name order; each in its own transaction.
 */
public final class MigrationService {
    /** The ordered list of scripts; a classpath folder cannot be listed reliably inside a jar. */
    public static final String INDEX = "db/migration/index.txt";

    private final MigrationTarget target;
    private final List<Migration.Versioned> versioned;
    private final List<Migration.Repeatable> repeatable;

    public MigrationService(MigrationTarget target, List<Migration> migrations) {
        this.target = target;
        this.versioned = versioned(migrations);
        this.repeatable = repeatable(migrations);
    }

    /**
     * The shipped scripts, as index.txt lists them: one file name a line, optionally followed by
     * {@code was <sha256>} for each earlier text of that version a database may have recorded.
     */
    public static List<Migration> fromClasspath() {
        ClassLoader loader = MigrationService.class.getClassLoader();
        List<Migration> found = new ArrayList<>();
        for (String line : read(loader, INDEX).split("\n")) {
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            String[] words = entry.split("\\s+");
            Set<String> former = new HashSet<>();
            for (int i = 1; i < words.length; i += 2) {
                if (!"was".equals(words[i]) || i + 1 >= words.length) {
                    throw new IllegalStateException(
                            INDEX + ": expected 'was <sha256>' after the file name in: " + entry);
                }
                former.add(words[i + 1]);
            }
            found.add(Migration.parse(words[0], read(loader, "db/migration/" + words[0]), former));
        }
        return found;
    }

    /**
     * One SHA-256 over every script's identity and checksum, versioned in version order then repeatable in
     * name order: what the deploy asks for (the custom resource's {@code migrationsChecksum}) and what a
     * build of the code ships. Editing a repeatable script changes it, so the deploy runs the migration.
     */
    public static String checksum(List<Migration> migrations) {
        StringBuilder text = new StringBuilder();
        for (Migration.Versioned migration : versioned(migrations)) {
            text.append(migration.version())
                    .append(':')
                    .append(migration.checksum())
                    .append('\n');
        }
        for (Migration.Repeatable migration : repeatable(migrations)) {
            text.append("R:")
                    .append(migration.name())
                    .append(':')
                    .append(migration.checksum())
                    .append('\n');
        }
        return Migration.sha256(text.toString());
    }

    /** Versions applied now and found applied before; repeatable scripts (re)applied now. */
    public record Outcome(List<Integer> applied, List<Integer> skipped, List<String> repeatablesApplied) {}

    public Outcome migrate() {
        target.prepareLedger();
        List<Integer> applied = new ArrayList<>();
        List<Integer> skipped = new ArrayList<>();
        for (Migration.Versioned migration : versioned) {
            Optional<String> recorded = target.applyUnlessRecorded(migration);
            if (recorded.isEmpty()) {
                applied.add(migration.version());
            } else if (migration.matches(recorded.get())) {
                skipped.add(migration.version());
            } else {
                throw new IllegalStateException("migration V" + migration.version()
                        + " was changed after it was applied; add a new migration instead");
            }
        }
        List<String> repeatablesApplied = new ArrayList<>();
        for (Migration.Repeatable migration : repeatable) {
            if (target.applyIfChanged(migration)) {
                repeatablesApplied.add(migration.name());
            }
        }
        return new Outcome(List.copyOf(applied), List.copyOf(skipped), List.copyOf(repeatablesApplied));
    }

    private static List<Migration.Versioned> versioned(List<Migration> migrations) {
        return migrations.stream()
                .flatMap(m -> m instanceof Migration.Versioned v ? Stream.of(v) : Stream.empty())
                .sorted(Comparator.comparingInt(Migration.Versioned::version))
                .toList();
    }

    private static List<Migration.Repeatable> repeatable(List<Migration> migrations) {
        return migrations.stream()
                .flatMap(m -> m instanceof Migration.Repeatable r ? Stream.of(r) : Stream.empty())
                .sorted(Comparator.comparing(Migration.Repeatable::name))
                .toList();
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
