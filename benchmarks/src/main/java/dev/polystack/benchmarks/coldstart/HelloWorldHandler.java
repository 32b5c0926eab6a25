package dev.polystack.benchmarks.coldstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** The floor of a cold start: a handler that reads the event and answers, with nothing to build. */
public final class HelloWorldHandler implements RequestStreamHandler {
    private static final byte[] ANSWER = "{\"statusCode\":200,\"body\":\"hello\"}".getBytes(StandardCharsets.UTF_8);

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        output.write(ANSWER);
    }
}
