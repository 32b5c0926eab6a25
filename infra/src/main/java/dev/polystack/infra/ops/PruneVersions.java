package dev.polystack.infra.ops;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/**
 * Deletes old published versions of a stage's functions, keeping every version an alias points at
 * (with its routing weights) and the newest {@code keep} of the others. Both templates publish a
 * version per deploy and keep the old ones (SAM's {@code DeletionPolicy: Retain}, CDK's retained
 * {@code currentVersion}), which fill Lambda's code storage quota in time (docs/deploy-round2.md).
 *
 * <p>{@code infra/prune-versions <function-name-prefix> <keep> [--delete]}: without {@code --delete}
 * it only prints what it would delete.
 */
public final class PruneVersions {
    /** The Lambda calls this needs: a port, so the selection is tested against an in-memory fake. */
    public interface Versions {
        List<String> functions(String namePrefix);

        /** Every published version (never {@code $LATEST}). */
        List<String> published(String function);

        /** The versions aliases point at, routing weights included. */
        Set<String> aliased(String function);

        void delete(String function, String version);
    }

    private final Versions lambda;
    private final PrintStream out;

    public PruneVersions(Versions lambda, PrintStream out) {
        this.lambda = lambda;
        this.out = out;
    }

    /** The versions of one function that would go: unaliased, older than the newest {@code keep} unaliased ones. */
    static List<String> doomed(List<String> published, Set<String> aliased, int keep) {
        List<String> unaliased = published.stream()
                .filter(v -> !"$LATEST".equals(v) && !aliased.contains(v))
                .sorted(Comparator.comparingLong((String v) -> Long.parseLong(v))
                        .reversed())
                .toList();
        return unaliased.size() <= keep ? List.of() : unaliased.subList(keep, unaliased.size());
    }

    /** Prunes every function whose name starts with the prefix; returns how many versions went (or would go). */
    public int run(String namePrefix, int keep, boolean delete) {
        if (namePrefix == null || namePrefix.isBlank()) {
            throw new IllegalArgumentException(
                    "a function name prefix is required (the stack name, e.g. polystack-dev-)");
        }
        if (keep < 0) {
            throw new IllegalArgumentException("keep must be 0 or more, not " + keep);
        }
        int count = 0;
        for (String function : lambda.functions(namePrefix)) {
            Set<String> aliased = lambda.aliased(function);
            for (String version : doomed(lambda.published(function), aliased, keep)) {
                out.println((delete ? "deleting " : "would delete ") + function + ":" + version);
                if (delete) {
                    lambda.delete(function, version);
                }
                count++;
            }
        }
        out.println((delete ? "deleted " : "would delete ") + count + " versions; kept every aliased version and "
                + keep + " more per function");
        return count;
    }

    /** The SDK adapter: region and credentials from the SDK's standard environment. */
    static final class SdkVersions implements Versions {
        private final LambdaClient client;

        SdkVersions(LambdaClient client) {
            this.client = client;
        }

        @Override
        public List<String> functions(String namePrefix) {
            List<String> names = new ArrayList<>();
            client.listFunctionsPaginator(r -> {}).functions().stream()
                    .map(FunctionConfiguration::functionName)
                    .filter(name -> name.startsWith(namePrefix))
                    .forEach(names::add);
            return names;
        }

        @Override
        public List<String> published(String function) {
            return client.listVersionsByFunctionPaginator(r -> r.functionName(function)).versions().stream()
                    .map(FunctionConfiguration::version)
                    .filter(v -> !"$LATEST".equals(v))
                    .toList();
        }

        @Override
        public Set<String> aliased(String function) {
            Set<String> versions = new TreeSet<>();
            for (AliasConfiguration alias :
                    client.listAliasesPaginator(r -> r.functionName(function)).aliases()) {
                versions.add(alias.functionVersion());
                if (alias.routingConfig() != null) {
                    versions.addAll(
                            alias.routingConfig().additionalVersionWeights().keySet());
                }
            }
            return versions;
        }

        @Override
        public void delete(String function, String version) {
            client.deleteFunction(r -> r.functionName(function).qualifier(version));
        }
    }

    public static void main(String[] args) {
        if (args.length < 2 || args.length > 3 || (args.length == 3 && !"--delete".equals(args[2]))) {
            System.err.println("usage: infra/prune-versions <function-name-prefix> <keep> [--delete]");
            System.exit(2);
        }
        int keep;
        try {
            keep = Integer.parseInt(args[1]);
        } catch (NumberFormatException e) {
            System.err.println("keep must be a whole number, not '" + args[1] + "'");
            System.exit(2);
            return;
        }
        try (LambdaClient client = LambdaClient.create()) {
            new PruneVersions(new SdkVersions(client), System.out).run(args[0], keep, args.length == 3);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }
}
