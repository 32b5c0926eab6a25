package dev.polystack.local.lambda;

/**
 * Runs a function of the template once with an event: in its own process through the Runtime
 * Interface Client ({@link LambdaRuntime}), or as a method call ({@code InProcessFunctions}, for
 * suites that inject faults into the SDK clients).
 */
public interface FunctionInvoker extends AutoCloseable {

    Invocation invoke(String function, byte[] event, String requestId);

    @Override
    default void close() {}
}
