package dev.polystack.shared.lambda;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import dev.polystack.shared.InvocationLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs on S3's {@code ObjectCreated} notification: the use case once per object, with the key as
 * stored (S3 URL-encodes keys in notifications, {@code +} for a space). One object failing does not
 * stop the others; the invocation then fails, so Lambda retries the event (an asynchronous invocation)
 * and the use case must be safe to run twice.
 */
public abstract class ObjectCreatedFunction extends LambdaFunction<S3Event, ObjectCreatedFunction.Results> {
    public record Results(List<Result> results) {}

    public record Result(String key, String outcome) {}

    protected ObjectCreatedFunction() {
        super("s3:ObjectCreated", S3Event.class, Results.class);
    }

    /** The use case for one new object; its outcome goes to the log line and the answer. */
    protected abstract String objectCreated(String key);

    @Override
    protected final Results process(S3Event event, InvocationLine line) {
        List<Result> results = new ArrayList<>();
        RuntimeException failure = null;
        for (S3EventNotificationRecord record :
                event.getRecords() == null ? List.<S3EventNotificationRecord>of() : event.getRecords()) {
            String key = keyOf(record);
            try {
                results.add(new Result(key, objectCreated(key)));
            } catch (RuntimeException e) {
                failure = e;
                results.add(new Result(key, "FAILED"));
            }
        }
        line.with(
                "results",
                results.stream()
                        .map(r -> Map.of("key", r.key(), "outcome", r.outcome()))
                        .toList());
        if (failure != null) {
            throw failure;
        }
        return new Results(results);
    }

    private static String keyOf(S3EventNotificationRecord record) {
        boolean hasKey = record.getS3() != null
                && record.getS3().getObject() != null
                && record.getS3().getObject().getKey() != null;
        return hasKey ? record.getS3().getObject().getUrlDecodedKey() : "";
    }

    /** Read before a SnapStart snapshot, not processed: processing an object event may write. */
    @Override
    protected final String primingEvent() {
        return """
                {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1","eventTime":"1970-01-01T00:00:00.000Z",
                  "eventName":"ObjectCreated:Put","s3":{"s3SchemaVersion":"1.0","configurationId":"priming",
                  "bucket":{"name":"priming","arn":"arn:aws:s3:::priming"},
                  "object":{"key":"priming%2Fabsent","size":1,"eTag":"0","sequencer":"0"}}}]}
                """;
    }
}
