package dev.polystack.local.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A handler whose init is as slow as its variables say, for {@link InitRetryIT}: each init adds a line to
 * {@code INIT_COUNT_FILE}; the first init sleeps {@code SLOW_INIT_MILLIS}, and so does every later one when
 * {@code SLOW_INIT} is {@code every}. Its answer says how many inits ran and how much time the invocation had left.
 * It runs in a function JVM from a jar {@code InitRetryIT} builds, not in the project's code.
 */
public final class SlowInitHandler implements RequestStreamHandler {
    private final int inits;

    public SlowInitHandler() throws IOException, InterruptedException {
        Path count = Path.of(System.getenv("INIT_COUNT_FILE"));
        Files.writeString(count, "init\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        inits = Files.readAllLines(count).size();
        if (inits == 1 || "every".equals(System.getenv("SLOW_INIT"))) {
            Thread.sleep(Long.parseLong(System.getenv("SLOW_INIT_MILLIS")));
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        output.write(("{\"inits\":" + inits + ",\"remainingMillis\":" + context.getRemainingTimeInMillis() + "}")
                .getBytes(StandardCharsets.UTF_8));
    }
}
