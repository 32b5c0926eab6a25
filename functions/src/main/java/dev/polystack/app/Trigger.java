package dev.polystack.app;

import java.time.Duration;
import java.util.List;

/** What invokes a function once deployed: every deployment description (CDK, SAM, the local stack) wires exactly this. */
public sealed interface Trigger {

    /** An HTTP API route; the path {@link Route#DEFAULT_PATH} is API Gateway's catch-all route. */
    record Api(String method, String path, boolean authorized) implements Trigger {}

    /** The HTTP API's Lambda authorizer, which every route marked {@code authorized} goes through. */
    record Authorizer() implements Trigger {}

    /**
     * S3 notifications of objects created under each prefix of the upload bucket, invoked
     * asynchronously: {@code retries} more attempts within {@code maxEventAge}, then the failed events queue.
     */
    record ObjectCreated(List<String> prefixes, int retries, Duration maxEventAge) implements Trigger {
        public ObjectCreated {
            prefixes = List.copyOf(prefixes);
        }
    }

    /**
     * An EventBridge schedule named {@code event} (its id in template.yaml), every {@code everyMinutes};
     * {@code perStage}: the deployment chooses the rate (CDK's stage, SAM's {@code RelaySchedule} parameter).
     */
    record Schedule(String event, int everyMinutes, boolean perStage) implements Trigger {}

    /** A CloudFormation custom resource that runs it on deploy. */
    record Deploy() implements Trigger {}

    /** Nothing: operators invoke it with AWS credentials ({@code aws lambda invoke ... :live}). */
    record Operator() implements Trigger {}
}
