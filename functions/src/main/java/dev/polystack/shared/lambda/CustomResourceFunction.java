package dev.polystack.shared.lambda;

import com.amazonaws.services.lambda.runtime.events.CloudFormationCustomResourceEvent;
import dev.polystack.shared.InvocationLine;
import java.util.Map;

/**
 * A CloudFormation custom resource behind the CDK provider framework (its {@code onEvent} function):
 * the request type and resource properties in; the physical id and {@code Data} out, which the
 * framework reports to CloudFormation. A failure fails the invocation, which the framework reports as
 * FAILED.
 */
public abstract class CustomResourceFunction
        extends LambdaFunction<CloudFormationCustomResourceEvent, CustomResourceFunction.Response> {
    /** The provider framework's onEvent answer; the names are the framework's. */
    public record Response(String PhysicalResourceId, Map<String, String> Data) {}

    private final String physicalResourceId;

    protected CustomResourceFunction(String physicalResourceId) {
        super("cloudformation", CloudFormationCustomResourceEvent.class, Response.class);
        this.physicalResourceId = physicalResourceId;
    }

    /** The use case for {@code Create}, {@code Update} or {@code Delete}: the resource's {@code Data}, also logged. */
    protected abstract Map<String, String> onEvent(String requestType, Map<String, Object> properties);

    @Override
    protected final Response process(CloudFormationCustomResourceEvent event, InvocationLine line) {
        String requestType = event.getRequestType() == null ? "" : event.getRequestType();
        line.correlate("cloudFormationRequestId", event.getRequestId())
                .with("trigger", "cloudformation:" + requestType);
        Map<String, String> data =
                onEvent(requestType, event.getResourceProperties() == null ? Map.of() : event.getResourceProperties());
        data.forEach(line::with);
        return new Response(physicalResourceId, data);
    }

    /** Read before a SnapStart snapshot, not processed: a deploy event changes things. */
    @Override
    protected final String primingEvent() {
        return """
                {"RequestType":"Create","ServiceToken":"priming","ResponseURL":"https://priming.invalid/","StackId":"priming",
                 "RequestId":"priming","LogicalResourceId":"Priming","ResourceType":"Custom::Priming","ResourceProperties":{}}
                """;
    }
}
