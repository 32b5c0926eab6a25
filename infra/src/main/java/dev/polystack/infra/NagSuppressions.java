package dev.polystack.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awscdk.Stack;

/**
 * Every cdk-nag AwsSolutions finding this stack accepts, each with its reason, and narrowed with
 * {@code appliesTo} where the rule allows it, so a new finding of the same rule still fails the tests.
 */
final class NagSuppressions {
    private NagSuppressions() {}

    static void apply(Stack stack) {
        io.github.cdklabs.cdknag.NagSuppressions.addStackSuppressions(
                stack,
                List.of(
                        NagPackSuppression.builder()
                                .id("AwsSolutions-IAM5")
                                .reason(
                                        "Object-level S3 actions are scoped to the uploads/, products/ or exports/ prefix of the one upload bucket (or of the restored bucket that replaces it): object keys "
                                                + "are made per upload (or export), so they cannot be listed in advance; only an account erasure deletes under exports/. Resource * only where no resource can be "
                                                + "named: X-Ray's PutTraceSegments and PutTelemetryRecords, and CDK's log-retention helper, which sets "
                                                + "retention on log groups it is told of at deploy time; PolystackStackTest checks that no polystack "
                                                + "function's role has Resource * outside its X-Ray statement.")
                                .appliesTo(List.of(
                                        RegexAppliesTo.builder()
                                                .regex(
                                                        "/^Resource::<(referenceto\\w*)?Uploads[0-9A-F]+\\.?Arn>\\/uploads\\/\\*$/g")
                                                .build(),
                                        RegexAppliesTo.builder()
                                                .regex(
                                                        "/^Resource::<(referenceto\\w*)?Uploads[0-9A-F]+\\.?Arn>\\/products\\/\\*$/g")
                                                .build(),
                                        RegexAppliesTo.builder()
                                                .regex(
                                                        "/^Resource::<(referenceto\\w*)?Uploads[0-9A-F]+\\.?Arn>\\/exports\\/\\*$/g")
                                                .build(),
                                        // The restored upload bucket a stage is switched to (docs/recovery.md), named
                                        // in the context.
                                        RegexAppliesTo.builder()
                                                .regex(
                                                        "/^Resource::arn:<AWS::Partition>:s3:::[a-z0-9.-]+\\/(uploads|products|exports)\\/\\*$/g")
                                                .build(),
                                        "Resource::*"))
                                .build(),
                        NagPackSuppression.builder()
                                .id("AwsSolutions-IAM4")
                                .reason(
                                        "Only CDK's own helper functions (the custom-resource provider framework and the S3 notification "
                                                + "handler) use the AWS managed basic-execution policy; every polystack function has its own role with "
                                                + "inline, resource-scoped statements. The AWS Backup role uses the four policies AWS Backup "
                                                + "documents for a custom backup role (backup and restore, and S3's pair), which AWS keeps "
                                                + "current as the services it backs up change.")
                                .appliesTo(Stream.concat(
                                                Stream.of("service-role/AWSLambdaBasicExecutionRole"),
                                                Backups.ROLE_POLICIES.stream())
                                        .map(name -> (Object) ("Policy::arn:<AWS::Partition>:iam::aws:policy/" + name))
                                        .toList())
                                .build(),
                        suppress(
                                "AwsSolutions-L1",
                                "The functions deliberately run on java21, the project's target runtime with SnapStart; CDK's helper "
                                        + "functions pin their own runtimes."),
                        suppress(
                                "AwsSolutions-APIG4",
                                "GET /health, GET /products, GET /products/{productId}, POST /users, POST /sessions and the $default fallback are public by design; "
                                        + "every other route uses the Lambda authorizer."),
                        suppress(
                                "AwsSolutions-SQS3",
                                "The only queue is itself the failure destination of the upload completion function; a queue for its "
                                        + "failures would have nothing to catch. It alarms when it holds a message."),
                        suppress(
                                "AwsSolutions-CFR4",
                                "The image distribution uses CloudFront's default *.cloudfront.net certificate, for which CloudFront "
                                        + "fixes the minimum viewer protocol; a custom domain with its own certificate (TLSv1.2_2021) is a "
                                        + "deployment choice this stack does not make. Viewers are redirected to HTTPS."),
                        suppress(
                                "AwsSolutions-CFR1",
                                "Product images are public catalogue content, meant for shoppers anywhere; there is nothing to fence by country."),
                        suppress(
                                "AwsSolutions-CFR2",
                                "The distribution serves public, cached, read-only product images (GET and HEAD) from products/ only; "
                                        + "a WAF web ACL (a monthly cost) would guard nothing that caching and the bucket policy do not."),
                        suppress(
                                "AwsSolutions-RDS6",
                                "Functions reach Aurora only through the Data API with the Secrets Manager secret; IAM database "
                                        + "authentication does not apply to the Data API.")),
                true);
        if (!((PolystackStack) stack).stage().protectData) {
            io.github.cdklabs.cdknag.NagSuppressions.addStackSuppressions(
                    stack,
                    List.of(
                            suppress(
                                    "AwsSolutions-RDS10",
                                    "The dev stage is disposable by design; prod turns deletion protection on."),
                            suppress(
                                    "AwsSolutions-SMG4",
                                    "The dev stage's secret goes with the stage; rotating it would need a Secrets Manager VPC "
                                            + "endpoint, dev's only hourly charge besides Aurora. Prod rotates every 30 days (docs/backups.md).")));
        }
    }

    private static NagPackSuppression suppress(String id, String reason) {
        return NagPackSuppression.builder().id(id).reason(reason).build();
    }
}
