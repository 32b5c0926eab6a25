package dev.polystack.migration;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The migration target in memory, for the fast tier ({@code MigrationTargetContract} holds it to
 * {@code RdsDataMigrationTarget}). Its schema is the set of table names: {@code CREATE TABLE} and
 * {@code DROP TABLE} change it and fail as PostgreSQL's do (a table that exists, one that does not);
 * every other statement is taken as run. A migration applies whole or not at all, ledger entry included.
 */
public final class InMemoryMigrationTarget implements MigrationTarget {
    private static final Pattern CREATE_TABLE =
            Pattern.compile("(?is)\\s*CREATE\\s+TABLE\\s+(IF\\s+NOT\\s+EXISTS\\s+)?([\\w.\"]+).*");
    private static final Pattern DROP_TABLE =
            Pattern.compile("(?is)\\s*DROP\\s+TABLE\\s+(IF\\s+EXISTS\\s+)?([\\w.\"]+).*");

    final Map<Integer, String> ledger = new HashMap<>();
    final Map<String, String> repeatables = new HashMap<>();
    final List<String> ran = new ArrayList<>();
    final Set<String> tables = new HashSet<>();
    int statementsRun;

    @Override
    public void prepareLedger() {}

    @Override
    public synchronized Optional<String> applyUnlessRecorded(Migration.Versioned migration) {
        if (ledger.containsKey(migration.version())) {
            return Optional.of(ledger.get(migration.version()));
        }
        run(migration);
        ran.add("V" + migration.version());
        ledger.put(migration.version(), migration.checksum());
        return Optional.empty();
    }

    @Override
    public synchronized boolean applyIfChanged(Migration.Repeatable migration) {
        if (migration.checksum().equals(repeatables.get(migration.name()))) {
            return false;
        }
        run(migration);
        ran.add("R " + migration.name());
        repeatables.put(migration.name(), migration.checksum());
        return true;
    }

    /** Every statement or none: a failing one leaves the tables as they were. */
    private void run(Migration migration) {
        Set<String> after = new HashSet<>(tables);
        for (String statement : migration.statements()) {
            Matcher create = CREATE_TABLE.matcher(statement);
            Matcher drop = DROP_TABLE.matcher(statement);
            if (create.matches() && !after.add(name(create.group(2))) && create.group(1) == null) {
                throw new IllegalStateException("relation \"" + name(create.group(2)) + "\" already exists");
            }
            if (drop.matches() && !after.remove(name(drop.group(2))) && drop.group(1) == null) {
                throw new IllegalStateException("table \"" + name(drop.group(2)) + "\" does not exist");
            }
        }
        tables.clear();
        tables.addAll(after);
        statementsRun += migration.statements().size();
    }

    /** PostgreSQL folds unquoted names to lower case. */
    private static String name(String written) {
        return written.startsWith("\"") ? written.replace("\"", "") : written.toLowerCase(Locale.ROOT);
    }

    /** The tables the migrations made, by name. */
    public synchronized Set<String> tables() {
        return Set.copyOf(tables);
    }
}
