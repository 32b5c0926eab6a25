package dev.polystack.local.lambda;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.polystack.app.AppContext;
import dev.polystack.app.Functions;
import dev.polystack.local.gateway.LocalContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The functions as method calls in this JVM, each handler built with the stack's own context
 * (through the constructor that takes its collaborators, which each function's definition in
 * {@link Functions} names: a function without one does not compile). Faster to start than processes, and the
 * only way for a test to reach inside the SDK clients (fault injection, call counting); the template
 * still decides which function exists and how long it may run.
 */
public final class InProcessFunctions implements FunctionInvoker {
    private final SamTemplate template;
    private final AppContext app;
    private final Map<String, RequestStreamHandler> warm = new ConcurrentHashMap<>();

    public InProcessFunctions(SamTemplate template, AppContext app) {
        this.template = template;
        this.app = app;
    }

    @Override
    public Invocation invoke(String function, byte[] event, String requestId) {
        FunctionDefinition definition = template.function(function);
        RequestStreamHandler handler = handler(function);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long start = System.nanoTime();
        try {
            handler.handleRequest(
                    new ByteArrayInputStream(event),
                    out,
                    new LocalContext(requestId, function, definition.timeout().toMillis()));
            return Invocation.success(requestId, out.toByteArray(), report(definition, start));
        } catch (IOException | RuntimeException e) {
            return Invocation.failure(
                    requestId, e.getClass().getName(), String.valueOf(e.getMessage()), report(definition, start));
        }
    }

    /** The function's handler, built with the stack's context on first use and kept (a warm environment). */
    public RequestStreamHandler handler(String function) {
        return warm.computeIfAbsent(
                function, name -> Functions.named(name).inProcess().apply(app));
    }

    private static Invocation.Report report(FunctionDefinition definition, long startNanos) {
        return new Invocation.Report((System.nanoTime() - startNanos) / 1e6, definition.memoryMb(), null, null);
    }
}
