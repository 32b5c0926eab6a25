package dev.polystack.infra;

import dev.polystack.app.Access;
import dev.polystack.app.FunctionSpec;
import dev.polystack.app.Functions;
import dev.polystack.app.Route;
import dev.polystack.app.SaleSizing;
import dev.polystack.app.Trigger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the functions of {@code template.yaml} (each {@code AWS::Serverless::Function}, its log
 * group and its role) and the HTTP API's per-route throttles ({@code RouteSettings}) from {@link Functions#ALL},
 * each between two marker lines; everything else in the file (parameters,
 * globals, the API, table, bucket, distribution, outputs) stays hand-written, because those are one-off
 * resources that read best as YAML with their comments, and only the functions are repeated per entry of
 * the definition.
 *
 * <p>{@code infra/write-sam-template} runs {@link #main}; {@code ContractsAgreeTest} fails when the
 * committed file differs from what this writes.
 */
public final class SamFunctionBlocks {
    static final String BEGIN =
            "  # ---- BEGIN FUNCTIONS: generated from dev.polystack.app.Functions by infra/write-sam-template; do not edit by hand ----";
    static final String END = "  # ---- END FUNCTIONS ----";
    static final String ROUTES_BEGIN =
            "      # ---- BEGIN ROUTE SETTINGS: generated from dev.polystack.app.Functions by infra/write-sam-template; do not edit by hand ----";
    static final String ROUTES_END = "      # ---- END ROUTE SETTINGS ----";
    static final String NOTIFICATIONS_BEGIN =
            "      # ---- BEGIN NOTIFICATIONS: generated from dev.polystack.app.Functions by infra/write-sam-template; do not edit by hand ----";
    static final String NOTIFICATIONS_END = "      # ---- END NOTIFICATIONS ----";
    /** The upload bucket's ARN as a string (not !GetAtt: the bucket's notification makes it depend on the completion function). */
    static final String BUCKET_ARN =
            "arn:${AWS::Partition}:s3:::polystack-${Stage}-uploads-${AWS::AccountId}-${AWS::Region}";
    /** A bucket restored to a moment T that the stack is switched to (parameter RestoredBucketName, docs/recovery.md). */
    static final String RESTORED_BUCKET_ARN = "arn:${AWS::Partition}:s3:::${RestoredBucketName}";
    /** A table restored to a moment T that the stack is switched to (parameter RestoredTableName). */
    static final String RESTORED_TABLE_ARN =
            "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${RestoredTableName}";

    /**
     * Every parameter a function reads, resolved into its version's description: SAM hashes the properties
     * before parameters resolve (serverless-application-model#3965), so a new parameter value alone would
     * leave the version's logical id as it was; a new Description replaces the version, that is publishes
     * one, and the live alias moves to it
     * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-version.html).
     * The parameters' patterns keep it within Lambda's 256 characters (DeployReadinessTest).
     */
    static final String VERSION_DESCRIPTION = """
                  VersionDescription: !Sub
                    - '${Stage} ${DbName} ${SearchLanguage} ${Cluster} ${Secret} ${RestoredTableName} ${RestoredBucketName}'
                    - Cluster: !Select [6, !Split [':', !Ref DbClusterArn]]
                      Secret: !Select [6, !Split [':', !Ref DbSecretArn]]
            """;

    static final int LOG_RETENTION_DAYS = 14;
    /**
     * Variables whose values are resources of the hand-written part of the template (the CDK stack sets
     * the same variable from its own construct: {@code OrderLake} for the relay's stream).
     */
    static final Map<String, Map<String, String>> TEMPLATE_WIRING =
            Map.of(Functions.OUTBOX_RELAY, Map.of("LAKE_STREAM", "!Ref OrderEventsStream"));

    private SamFunctionBlocks() {}

    /** {@code template.yaml} (the path given, or the project's) rewritten between the markers. */
    public static void main(String[] args) throws IOException {
        Path file = args.length > 0 ? Path.of(args[0]) : InfraApp.projectRoot().resolve("template.yaml");
        String before = Files.readString(file, StandardCharsets.UTF_8);
        String after = render(before);
        if (after.equals(before)) {
            System.out.println(file + " is up to date with dev.polystack.app.Functions");
        } else {
            Files.writeString(file, after, StandardCharsets.UTF_8);
            System.out.println("wrote " + Functions.ALL.size() + " functions into " + file);
        }
    }

    /** The template with everything between each pair of markers replaced: the routes' throttles, the functions. */
    static String render(String template) {
        String routes = between(template, ROUTES_BEGIN, ROUTES_END, routeSettings());
        return between(
                between(routes, NOTIFICATIONS_BEGIN, NOTIFICATIONS_END, notifications()), BEGIN, END, functions());
    }

    /**
     * The upload bucket's {@code NotificationConfiguration}: each S3-triggered function's prefixes, to its live
     * alias. Written on the bucket rather than as SAM S3 events, whose invoke permission has a SourceAccount
     * and no SourceArn (samtranslator {@code eventsources/push.py}); {@link #s3Permission} names the bucket.
     */
    static String notifications() {
        StringBuilder yaml = new StringBuilder();
        for (FunctionSpec spec : Functions.ALL) {
            if (!(spec.trigger() instanceof Trigger.ObjectCreated created)) {
                continue;
            }
            if (yaml.isEmpty()) {
                yaml.append("      NotificationConfiguration:\n        LambdaConfigurations:\n");
            }
            for (String prefix : created.prefixes()) {
                yaml.append("          - Event: s3:ObjectCreated:*\n");
                yaml.append("            Filter: { S3Key: { Rules: [{ Name: prefix, Value: ")
                        .append(prefix)
                        .append(" }] } }\n");
                yaml.append("            Function: !Ref ").append(spec.name()).append("Function.Alias\n");
            }
        }
        return yaml.toString();
    }

    private static String between(String template, String begin, String end, String generated) {
        int from = template.indexOf(begin + "\n");
        int to = template.indexOf(end + "\n");
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("template.yaml lacks the marker lines:\n" + begin + "\n" + end);
        }
        return template.substring(0, from + begin.length() + 1) + generated + template.substring(to);
    }

    /** The HTTP API's {@code RouteSettings}: each route's own throttle, from its function's definition. */
    static String routeSettings() {
        StringBuilder yaml = new StringBuilder();
        for (FunctionSpec spec : Functions.ALL) {
            if (spec.throttle().isEmpty() || spec.route().isEmpty()) {
                continue;
            }
            if (yaml.isEmpty()) {
                yaml.append("      RouteSettings:\n");
            }
            yaml.append("        '").append(spec.route().get().routeKey()).append("':\n");
            yaml.append("          ThrottlingRateLimit: ")
                    .append(number(spec.throttle().get().ratePerSecond()))
                    .append('\n');
            yaml.append("          ThrottlingBurstLimit: ")
                    .append(spec.throttle().get().burst())
                    .append('\n');
        }
        return yaml.toString();
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** Every function's block, in definition order. */
    static String functions() {
        StringBuilder yaml = new StringBuilder();
        for (FunctionSpec spec : Functions.ALL) {
            yaml.append('\n');
            function(spec, yaml);
        }
        return yaml.append('\n').toString();
    }

    private static void function(FunctionSpec spec, StringBuilder y) {
        String id = spec.name() + "Function";
        String logs = spec.name() + "Logs";
        if (!spec.summary().isEmpty()) {
            y.append("  # ").append(spec.summary()).append('\n');
        }
        y.append("  ").append(id).append(":\n");
        y.append("    Type: AWS::Serverless::Function\n");
        // The jar is built by Maven (mvn -DskipTests package), not by `sam build`, whose Maven builder takes CodeUri
        // for a source folder.
        y.append("    Metadata:\n      SkipBuild: true\n");
        y.append("    Properties:\n");
        y.append("      FunctionName: !Sub '${AWS::StackName}-")
                .append(spec.name())
                .append("'\n");
        y.append("      Handler: ").append(spec.handlerName()).append('\n');
        y.append("      MemorySize: ").append(spec.memoryMb()).append('\n');
        y.append("      Timeout: ").append(spec.timeoutSeconds()).append('\n');
        y.append(VERSION_DESCRIPTION);
        // Reserved in the sale's stage only (SaleSizing): a dev stack must deploy into an account of any concurrency.
        SaleSizing.SALE
                .reservedConcurrency(spec)
                .ifPresent(n -> y.append("      ReservedConcurrentExecutions: !If [")
                        .append(SaleSizing.SAM_CONDITION)
                        .append(", ")
                        .append(n)
                        .append(", !Ref AWS::NoValue]\n"));
        Map<String, String> variables = new LinkedHashMap<>(spec.environment());
        variables.putAll(TEMPLATE_WIRING.getOrDefault(spec.name(), Map.of()));
        // What its role allows, so that it primes only those calls before a SnapStart snapshot.
        variables.put(FunctionSpec.ACCESS_VARIABLE, "'" + spec.accessVariable() + "'");
        if (!variables.isEmpty()) {
            y.append("      Environment:\n        Variables:\n");
            variables.forEach((k, v) ->
                    y.append("          ").append(k).append(": ").append(v).append('\n'));
        }
        y.append("      LoggingConfig:\n        LogGroup: !Ref ").append(logs).append('\n');
        y.append("      Role: !GetAtt ").append(role(spec)).append(".Arn\n");
        if (spec.trigger() instanceof Trigger.ObjectCreated created) {
            y.append("      # S3 invokes asynchronously: ")
                    .append(created.retries())
                    .append(" retries within ")
                    .append(created.maxEventAge().toHours())
                    .append(" hours, then the event is kept in the failure queue.\n");
            y.append("      EventInvokeConfig:\n");
            y.append("        MaximumRetryAttempts: ").append(created.retries()).append('\n');
            y.append("        MaximumEventAgeInSeconds: ")
                    .append(created.maxEventAge().toSeconds())
                    .append('\n');
            y.append(
                    "        DestinationConfig:\n          OnFailure:\n            Type: SQS\n            Destination: !GetAtt UploadCompletedFailures.Arn\n");
        }
        events(spec.trigger(), y);
        y.append('\n');
        role(spec, y);
        y.append('\n');
        if (spec.trigger() instanceof Trigger.ObjectCreated) {
            y.append(
                    "  # The upload bucket (its NotificationConfiguration) may invoke the live alias; no other bucket may.\n");
            y.append("  ").append(s3Permission(spec)).append(":\n");
            y.append("    Type: AWS::Lambda::Permission\n    Properties:\n");
            y.append("      Action: lambda:InvokeFunction\n");
            y.append("      FunctionName: !Ref ").append(id).append(".Alias\n");
            y.append("      Principal: s3.amazonaws.com\n");
            y.append("      SourceAccount: !Ref AWS::AccountId\n");
            y.append("      SourceArn: ").append(bucket("")).append("\n\n");
        }
        y.append("  ").append(logs).append(":\n");
        y.append("    Type: AWS::Logs::LogGroup\n");
        y.append("    Properties:\n");
        y.append("      LogGroupName: !Sub '/aws/lambda/${AWS::StackName}-")
                .append(spec.name())
                .append("'\n");
        y.append("      RetentionInDays: ").append(LOG_RETENTION_DAYS).append('\n');
    }

    /** The permission that lets the upload bucket invoke a function of an S3 trigger. */
    static String s3Permission(FunctionSpec spec) {
        return spec.name() + "FromUploadBucket";
    }

    static String role(FunctionSpec spec) {
        return spec.name() + "FunctionRole";
    }

    /**
     * The function's own role, as the CDK stack gives it: its log group, X-Ray, and one statement per
     * access. Written out because SAM adds AWSLambdaBasicExecutionRole (logs on every group) and
     * AWSXrayWriteOnlyAccess to every role it generates; a function with a Role of its own gets neither.
     */
    private static void role(FunctionSpec spec, StringBuilder y) {
        String indent = "              ";
        y.append("  ").append(role(spec)).append(":\n");
        y.append("    Type: AWS::IAM::Role\n");
        y.append("    Properties:\n");
        y.append("      Description: !Sub 'polystack ${AWS::StackName}-")
                .append(spec.name())
                .append(": only what this function uses'\n");
        y.append("      AssumeRolePolicyDocument:\n        Statement:\n");
        y.append("          - Effect: Allow\n            Principal: { Service: lambda.amazonaws.com }\n");
        y.append("            Action: sts:AssumeRole\n");
        y.append("      Policies:\n        - PolicyName: only-what-this-function-uses\n");
        y.append("          PolicyDocument:\n            Statement:\n");
        statement(
                y,
                indent,
                List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                List.of("!GetAtt " + spec.name() + "Logs.Arn"),
                null);
        // X-Ray's trace actions name no resource (the CDK stack grants the same two on '*').
        statement(y, indent, List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"), List.of("'*'"), null);
        for (Access access : spec.access()) {
            statement(
                    y,
                    indent,
                    access.actions(),
                    resources(access),
                    access.resource() == Access.Resource.BUCKET
                                    && !access.prefixes().isEmpty()
                            ? access.prefixes().stream()
                                    .map(p -> "'" + p + "*'")
                                    .toList()
                            : null);
        }
        if (spec.access().stream().anyMatch(Access::needsDatabaseSecret)) {
            statement(
                    y,
                    indent,
                    List.of("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"),
                    List.of("!Ref DbSecretArn"),
                    null);
        }
    }

    private static List<String> resources(Access access) {
        return switch (access.resource()) {
            case TABLE -> List.of("!If [UseRestoredTable, !Sub '" + RESTORED_TABLE_ARN + "', !GetAtt Table.Arn]");
            case DATABASE -> List.of("!Ref DbClusterArn");
            case BUCKET -> List.of(bucket(""));
            case OBJECTS ->
                access.prefixes().stream()
                        .map(prefix -> bucket("/" + prefix + "*"))
                        .toList();
            case QUEUE -> List.of("!GetAtt UploadCompletedFailures.Arn");
            case LEDGER -> List.of("!GetAtt RecoveryLedger.Arn");
        };
    }

    /** The upload bucket's ARN (or its keys': {@code suffix}), the restored bucket's when the stack is switched to one. */
    private static String bucket(String suffix) {
        return "!If [UseRestoredBucket, !Sub '" + RESTORED_BUCKET_ARN + suffix + "', !Sub '" + BUCKET_ARN + suffix
                + "']";
    }

    private static void statement(
            StringBuilder y, String indent, List<String> actions, List<String> resources, List<String> listPrefixes) {
        y.append(indent).append("- Effect: Allow\n");
        y.append(indent)
                .append("  Action: [")
                .append(String.join(", ", actions))
                .append("]\n");
        if (resources.size() == 1) {
            y.append(indent).append("  Resource: ").append(resources.get(0)).append('\n');
        } else {
            y.append(indent).append("  Resource:\n");
            resources.forEach(r -> y.append(indent).append("    - ").append(r).append('\n'));
        }
        if (listPrefixes != null) {
            y.append(indent)
                    .append("  Condition:\n")
                    .append(indent)
                    .append("    StringLike:\n")
                    .append(indent)
                    .append("      's3:prefix': [")
                    .append(String.join(", ", listPrefixes))
                    .append("]\n");
        }
    }

    /**
     * Routes and schedules; the authorizer is named by HttpApi's Auth, S3 notifications are the bucket's
     * ({@link #notifications}), the others have no event here.
     */
    private static void events(Trigger trigger, StringBuilder y) {
        if (trigger instanceof Trigger.Api api) {
            y.append(
                    "      Events:\n        Route:\n          Type: HttpApi\n          Properties:\n            ApiId: !Ref HttpApi\n");
            if (Route.DEFAULT_PATH.equals(api.path())) {
                y.append(
                        "            # No Path and Method: SAM makes this the $default route, which answers unmatched requests.\n");
            } else {
                y.append("            Method: ").append(api.method()).append('\n');
                y.append("            Path: ").append(api.path()).append('\n');
                if (api.authorized()) {
                    y.append("            Auth:\n              Authorizer: BearerToken\n");
                }
            }
        } else if (trigger instanceof Trigger.Schedule schedule) {
            y.append("      Events:\n        ")
                    .append(schedule.event())
                    .append(":\n          Type: Schedule\n          Properties:\n");
            y.append("            Schedule: ")
                    .append(
                            schedule.perStage()
                                    ? "!Ref RelaySchedule"
                                    : "rate(" + schedule.everyMinutes() + " minutes)")
                    .append('\n');
        }
    }

    /** {@code uploads/} → {@code Uploads}. */
    private static String pascal(String prefix) {
        String word = prefix.replace("/", "");
        return word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
    }
}
