package dev.polystack.local;

import dev.polystack.local.lambda.FunctionInvoker;
import dev.polystack.local.lambda.FunctionVariables;
import dev.polystack.local.lambda.Invocation;
import dev.polystack.local.lambda.LambdaRuntime;
import dev.polystack.local.lambda.SamTemplate;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * {@code local/invoke <Function> -e events/<file>.json}, the counterpart of {@code sam local invoke}:
 * runs one function of template.yaml once, in a fresh JVM through the Runtime Interface Client,
 * against the running {@code local/start} (or a stack of its own when none runs). The response goes
 * to standard output; the function's log lines and the REPORT line to standard error.
 */
public final class Invoke {
    /** Where {@code local/start} leaves what a function needs to reach it, while it runs. */
    static final Path RUNNING_STACK = Path.of("local", "target", "running-stack.json");

    private Invoke() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The exit status: 0 when the function answered, 1 when it failed, 2 for a usage error. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, null);
    }

    /**
     * With {@code warm} not null, the function runs in that runtime's environments (a test suite's,
     * kept warm across its events) instead of a fresh one against the stack file.
     */
    static int run(String[] args, PrintStream out, PrintStream err, FunctionInvoker warm) {
        String function = null;
        Path event = null;
        Path stackFile = RUNNING_STACK;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-e", "--event" -> event = i + 1 < args.length ? Path.of(args[++i]) : null;
                case "--stack" -> stackFile = i + 1 < args.length ? Path.of(args[++i]) : null;
                default -> function = args[i].startsWith("-") ? null : args[i];
            }
        }
        if (function == null || event == null || stackFile == null) {
            err.println("usage: local/invoke <Function> -e events/<file>.json   (functions: the logical ids of template.yaml without 'Function')");
            return 2;
        }
        byte[] payload;
        try {
            payload = Files.readAllBytes(event);
        } catch (IOException e) {
            err.println("polystack: cannot read the event " + event + ": " + e.getMessage());
            return 2;
        }
        SamTemplate template = SamTemplate.read(SamTemplate.locate());
        if (!template.functions().containsKey(function)) {
            err.println("polystack: no function " + function + " in template.yaml; functions: " + String.join(", ", template.functions().keySet()));
            return 2;
        }
        if (warm != null) {
            return answer(warm.invoke(function, payload, UUID.randomUUID().toString()), out);
        }
        LocalBackend ownStack = null;
        FunctionVariables variables;
        if (Files.isRegularFile(stackFile)) {
            variables = FunctionVariables.read(stackFile);
        } else {
            err.println("polystack: no local/start running; starting a stack of its own…");
            ownStack = LocalBackend.start(StackOptions.forTests().withFunctions(StackOptions.FunctionMode.PROCESS, null, err::println));
            variables = ownStack.functionVariables();
        }
        try (LambdaRuntime runtime = new LambdaRuntime(template, variables.config(1, err::println))) {
            return answer(runtime.invoke(function, payload, UUID.randomUUID().toString()), out);
        } finally {
            if (ownStack != null) {
                ownStack.close();
            }
        }
    }

    private static int answer(Invocation invocation, PrintStream out) {
        out.println(new String(invocation.payload(), StandardCharsets.UTF_8));
        return invocation.failed() ? 1 : 0;
    }
}
