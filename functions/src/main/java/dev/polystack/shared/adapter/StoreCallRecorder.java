package dev.polystack.shared.adapter;

import dev.polystack.shared.InvocationLog;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Records every SDK call (service, operation, latency, error) into the invocation's log line. */
public final class StoreCallRecorder implements ExecutionInterceptor {
    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("polystack.started");

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        record(attributes, null);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        record(attributes, context.exception().getClass().getSimpleName());
    }

    private static void record(ExecutionAttributes attributes, String error) {
        Long started = attributes.getAttribute(STARTED);
        long latencyMs = started == null ? 0 : (System.nanoTime() - started) / 1_000_000;
        InvocationLog.record(new InvocationLog.StoreCall(
                attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                latencyMs,
                error));
    }
}
