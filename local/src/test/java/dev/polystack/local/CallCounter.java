package dev.polystack.local;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Counts the functions' SDK calls ("DynamoDb.Query", "RdsData.ExecuteStatement", …) for call-budget tests. */
public final class CallCounter implements ExecutionInterceptor {
    private final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        calls.add(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }

    public void reset() {
        calls.clear();
    }

    public List<String> calls() {
        return List.copyOf(calls);
    }

    public long count(String servicePrefix) {
        return calls.stream().filter(call -> call.startsWith(servicePrefix)).count();
    }
}
