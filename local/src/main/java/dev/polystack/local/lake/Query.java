package dev.polystack.local.lake;

import dev.polystack.lake.LakeTable;
import dev.polystack.lake.NamedQuery;
import dev.polystack.local.LocalBackend;
import dev.polystack.local.lambda.FunctionVariables;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code local/query}: a named query (or all of them, or any SQL) over the lake, with DuckDB, from
 * the running local stack's S3 or from a directory. The named queries are the texts the CDK stack
 * saves in Athena ({@link NamedQuery}); each prints as tab-separated rows under its column names.
 */
public final class Query {
    /** Where {@code local/start} leaves what reaches it (the S3 endpoint among others). */
    static final Path RUNNING_STACK = Path.of("local", "target", "running-stack.json");
    /** No order is older: "since the beginning". */
    static final String EVERYTHING = "2000-01-01";

    private Query() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String since = EVERYTHING;
        Path dir = null;
        List<String> statements = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--since" -> since = i + 1 < args.length ? args[++i] : null;
                case "--dir" -> dir = i + 1 < args.length ? Path.of(args[++i]) : null;
                default -> statements.add(args[i]);
            }
        }
        if (since == null || !since.matches("\\d{4}-\\d{2}-\\d{2}")) {
            err.println("usage: local/query [NAMED_QUERY | \"SQL\"] [--since YYYY-MM-DD] [--dir DIR]; named queries: "
                    + names());
            return 2;
        }
        try (LakeQuery lake = open(dir, err)) {
            if (lake == null) {
                return 2;
            }
            err.println("lake: " + lake.files() + " Parquet objects, " + lake.bytes() + " bytes");
            if (statements.isEmpty()) {
                for (NamedQuery query : NamedQuery.values()) {
                    print(out, query.id(), lake.run(query.sql(), NamedQuery.parameters(since)));
                }
                return 0;
            }
            for (String statement : statements) {
                NamedQuery named = named(statement);
                if (named != null) {
                    print(out, named.id(), lake.run(named.sql(), NamedQuery.parameters(since)));
                } else {
                    print(out, null, lake.run(statement));
                }
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("polystack: " + e.getMessage());
            return 1;
        }
    }

    private static LakeQuery open(Path dir, PrintStream err) {
        if (dir != null) {
            if (!Files.isDirectory(dir)) {
                err.println("polystack: no directory " + dir);
                return null;
            }
            return LakeQuery.fromDirectory(dir, LakeTable.TABLE);
        }
        if (!Files.exists(RUNNING_STACK)) {
            err.println(
                    "polystack: no running local/start (" + RUNNING_STACK + " is missing); start it, or give --dir");
            return null;
        }
        FunctionVariables stack = FunctionVariables.read(RUNNING_STACK);
        String endpoint = stack.wiring().get("AWS_ENDPOINT_URL_S3");
        return LocalLake.query(LocalLake.s3(
                URI.create(endpoint), LocalBackend.REGION, LocalBackend.ACCESS_KEY, LocalBackend.SECRET_KEY));
    }

    private static NamedQuery named(String text) {
        for (NamedQuery query : NamedQuery.values()) {
            if (query.id().equals(text)) {
                return query;
            }
        }
        return null;
    }

    private static String names() {
        List<String> names = new ArrayList<>();
        for (NamedQuery query : NamedQuery.values()) {
            names.add(query.id());
        }
        return String.join(", ", names);
    }

    private static void print(PrintStream out, String title, LakeQuery.Answer answer) {
        if (title != null) {
            out.println("## " + title);
        }
        out.println(String.join("\t", answer.columns()));
        answer.rows()
                .forEach(row -> out.println(
                        String.join("\t", row.stream().map(String::valueOf).toList())));
        out.println();
    }
}
