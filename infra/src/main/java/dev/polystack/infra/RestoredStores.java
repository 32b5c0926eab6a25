package dev.polystack.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stores restored to a moment T (docs/recovery.md, "Switching the stack") that a stage uses instead of the ones it
 * created: CDK context {@code polystack:restored:<stage>}, a JSON object with any of {@code tableName},
 * {@code bucketName}, and {@code clusterArn} with {@code secretArn} (those two together). Each store named here
 * replaces the stack's own in every function's environment and permissions; the stack's own stay defined as they
 * are. The recovery ledger is never restored and cannot be named.
 *
 * <p>Every value is checked against AWS's naming rules, so a typo fails the synth instead of a deploy or, worse, a
 * function at run time.
 */
record RestoredStores(
        Optional<String> tableName,
        Optional<String> bucketName,
        Optional<String> clusterArn,
        Optional<String> secretArn) {

    static final String CONTEXT_PREFIX = "polystack:restored:";
    static final Set<String> FIELDS = Set.of("tableName", "bucketName", "clusterArn", "secretArn");

    /** 3 to 255 of a-z, A-Z, 0-9, '_', '-', '.' (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html). */
    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");
    /**
     * 3 to 63 of lower-case letters, digits, '.', '-', beginning and ending with a letter or digit, no "..",
     * not shaped like an IP address (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
     */
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /**
     * An Aurora cluster: identifier of 1 to 63 letters, digits and hyphens, starting with a letter, no two hyphens
     * in a row, not ending with one (DBClusterIdentifier,
     * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBClusterToPointInTime.html).
     */
    private static final Pattern CLUSTER_ARN =
            Pattern.compile("arn:(aws[a-z-]*):rds:([a-z0-9-]+):(\\d{12}):cluster:([a-zA-Z](?:-?[a-zA-Z0-9]){0,62})");
    /**
     * A secret's complete ARN: its name, then '-' and the six characters Secrets Manager appends
     * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_iam-permissions.html#iam-resources);
     * a partial ARN would make a policy name every secret that starts alike.
     */
    private static final Pattern SECRET_ARN = Pattern.compile(
            "arn:(aws[a-z-]*):secretsmanager:([a-z0-9-]+):(\\d{12}):secret:[a-zA-Z0-9/_+=.@-]{1,512}-[a-zA-Z0-9]{6}");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** None: the stage uses the stores it created. */
    static final RestoredStores NONE =
            new RestoredStores(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    static String contextKey(DeploymentStage stage) {
        return CONTEXT_PREFIX + stage.id();
    }

    boolean any() {
        return tableName.isPresent() || bucketName.isPresent() || clusterArn.isPresent();
    }

    /**
     * The stage's restored stores from its context value: {@code null} (none), a JSON object (cdk.json) or its
     * text ({@code cdk deploy -c polystack:restored:prod='{...}'}). {@code region} and {@code account} are the
     * stack's, or null when the stack is environment-agnostic; a cluster or secret elsewhere is refused.
     *
     * @throws IllegalArgumentException naming the key and every problem found
     */
    static RestoredStores fromContext(DeploymentStage stage, Object value, String region, String account) {
        if (value == null) {
            return NONE;
        }
        String key = contextKey(stage);
        JsonNode node;
        try {
            node = value instanceof String text ? JSON.readTree(text) : JSON.valueToTree(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(key + " is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(
                    key + " must be a JSON object like {\"tableName\": \"...\", \"bucketName\": \"...\", "
                            + "\"clusterArn\": \"...\", \"secretArn\": \"...\"}, not " + value);
        }
        List<String> problems = new ArrayList<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                problems.add(
                        "ledger".equals(name) || "ledgerTableName".equals(name)
                                ? "the recovery ledger is never restored, so it cannot be switched ('" + name + "')"
                                : "unknown field '" + name + "' (known: tableName, bucketName, clusterArn, secretArn)");
            } else if (!node.get(name).isTextual()) {
                problems.add(name + " must be a string, not " + node.get(name));
            }
        }
        Optional<String> table = text(node, "tableName");
        Optional<String> bucket = text(node, "bucketName");
        Optional<String> cluster = text(node, "clusterArn");
        Optional<String> secret = text(node, "secretArn");
        table.filter(name -> !TABLE_NAME.matcher(name).matches())
                .ifPresent(name -> problems.add(
                        "tableName '" + name + "' is not a DynamoDB table name (3-255 of a-z A-Z 0-9 _ - .)"));
        bucket.filter(name -> !BUCKET_NAME.matcher(name).matches()
                        || name.contains("..")
                        || IP_ADDRESS.matcher(name).matches())
                .ifPresent(name -> problems.add("bucketName '" + name
                        + "' is not an S3 bucket name (3-63 of a-z 0-9 . -, a letter or digit at each end)"));
        cluster.ifPresent(arn -> checkArn("clusterArn", arn, CLUSTER_ARN, region, account, problems));
        secret.ifPresent(arn -> checkArn("secretArn", arn, SECRET_ARN, region, account, problems));
        if (cluster.isPresent() != secret.isPresent()) {
            problems.add(
                    "clusterArn and secretArn go together: the original secret's password and host are the original"
                            + " cluster's (its rotation would change that cluster's password, not the restored one's)");
        }
        if (node.isEmpty()) {
            problems.add("names no store: leave the key out to use the stack's own");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(key + ": " + String.join("; ", problems));
        }
        return new RestoredStores(table, bucket, cluster, secret);
    }

    private static Optional<String> text(JsonNode node, String name) {
        JsonNode field = node.get(name);
        return field != null && field.isTextual() ? Optional.of(field.asText().trim()) : Optional.empty();
    }

    private static void checkArn(
            String field, String arn, Pattern pattern, String region, String account, List<String> problems) {
        Matcher match = pattern.matcher(arn);
        if (!match.matches()) {
            problems.add(
                    field + " '" + arn + "' is not "
                            + (field.equals("clusterArn")
                                    ? "an Aurora cluster ARN (arn:aws:rds:<region>:<account>:cluster:<identifier>)"
                                    : "a secret's complete ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>)"));
            return;
        }
        if (region != null && !region.equals(match.group(2))) {
            problems.add(field + " is in " + match.group(2) + ", the stack in " + region);
        }
        if (account != null && !account.equals(match.group(3))) {
            problems.add(field + " is in account " + match.group(3) + ", the stack in " + account);
        }
    }
}
