package dev.polystack.app;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/**
 * One deployed function, completely: everything the CDK stack, {@code template.yaml}, the route
 * table and the local stack need to know about it. {@link Functions#ALL} lists them.
 *
 * @param name                the function's id: CDK construct id, SAM logical id without {@code Function}, local name
 * @param handler             the class Lambda loads (through its no-argument constructor)
 * @param trigger             what invokes it
 * @param memoryMb            Lambda memory (CPU grows with it)
 * @param timeoutSeconds      Lambda timeout
 * @param access              exactly the permissions it uses (least privilege); its role has these and nothing else
 * @param environment         variables of its own, beside the ones every function gets
 * @param reservedConcurrency reserved concurrency in a stage sized for a sale ({@link SaleSizing#SALE}), where one is
 *                            set (none: the account's unreserved pool): at most this many invocations at once, and
 *                            this many kept for it alone
 * @param throttle            its route's own throttle (routes only; none: the stage's default route settings)
 * @param sampleEvent         its sample event in {@code events/} (file name), for {@code sam local invoke} and the local tools
 * @param summary             one line for readers of the templates
 * @param inProcess           builds the handler from the local stack's context (the constructor that takes collaborators)
 */
public record FunctionSpec(
        String name,
        Class<? extends RequestStreamHandler> handler,
        Trigger trigger,
        int memoryMb,
        int timeoutSeconds,
        Set<Access> access,
        Map<String, String> environment,
        OptionalInt reservedConcurrency,
        Optional<Throttle> throttle,
        String sampleEvent,
        String summary,
        Function<AppContext, ? extends RequestStreamHandler> inProcess) {
    /** Lambda's default for functions waiting on stores; see {@link Functions} for the Argon2 ones. */
    public static final int DEFAULT_MEMORY_MB = 512;
    /**
     * The variable that tells a function its {@link #access} (comma-separated names): its process
     * primes only calls its role allows (the same set the role was built from).
     */
    public static final String ACCESS_VARIABLE = dev.polystack.shared.Priming.ACCESS_VARIABLE;

    public FunctionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(inProcess, "inProcess");
        Objects.requireNonNull(sampleEvent, "sampleEvent");
        // Declaration order, so that every description lists a function's statements alike.
        access = Collections.unmodifiableSet(access.isEmpty() ? EnumSet.noneOf(Access.class) : EnumSet.copyOf(access));
        // In the order given, so that the templates list them alike on every run.
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        summary = summary == null ? "" : summary;
        Objects.requireNonNull(throttle, "throttle");
        if (throttle.isPresent() && !(trigger instanceof Trigger.Api)) {
            throw new IllegalArgumentException(name + ": only a route has a throttle");
        }
        if (reservedConcurrency.isPresent() && reservedConcurrency.getAsInt() < 1) {
            throw new IllegalArgumentException(name + ": reserved concurrency below 1 would stop the function");
        }
    }

    /**
     * A function with the default memory, the timeout of its trigger, and no variables of its own.
     * The factory must build the declared handler class: the compiler checks both agree.
     */
    public static <H extends RequestStreamHandler> FunctionSpec of(
            String name,
            Class<H> handler,
            Trigger trigger,
            String sampleEvent,
            Set<Access> access,
            Function<AppContext, H> inProcess) {
        return new FunctionSpec(
                name,
                handler,
                trigger,
                DEFAULT_MEMORY_MB,
                Functions.defaultTimeoutSeconds(trigger),
                access,
                Map.of(),
                OptionalInt.empty(),
                Optional.empty(),
                sampleEvent,
                "",
                inProcess);
    }

    public FunctionSpec memory(int mb) {
        return with(copy -> copy.memoryMb = mb);
    }

    public FunctionSpec timeout(int seconds) {
        return with(copy -> copy.timeoutSeconds = seconds);
    }

    public FunctionSpec reservedConcurrency(int reserved) {
        return with(copy -> copy.reservedConcurrency = OptionalInt.of(reserved));
    }

    public FunctionSpec throttle(double ratePerSecond, int burst) {
        return with(copy -> copy.throttle = Optional.of(new Throttle(ratePerSecond, burst)));
    }

    public FunctionSpec variable(String key, String value) {
        return with(copy -> {
            copy.environment = new LinkedHashMap<>(environment);
            copy.environment.put(key, value);
        });
    }

    public FunctionSpec summary(String text) {
        return with(copy -> copy.summary = text);
    }

    /** This function with one change: every component copied, the change applied, the result checked anew. */
    private FunctionSpec with(java.util.function.Consumer<Copy> change) {
        Copy copy = new Copy(this);
        change.accept(copy);
        return new FunctionSpec(
                name,
                handler,
                trigger,
                copy.memoryMb,
                copy.timeoutSeconds,
                access,
                copy.environment,
                copy.reservedConcurrency,
                copy.throttle,
                sampleEvent,
                copy.summary,
                inProcess);
    }

    /** The components the {@code with} methods change. */
    private static final class Copy {
        int memoryMb;
        int timeoutSeconds;
        Map<String, String> environment;
        OptionalInt reservedConcurrency;
        Optional<Throttle> throttle;
        String summary;

        Copy(FunctionSpec spec) {
            memoryMb = spec.memoryMb;
            timeoutSeconds = spec.timeoutSeconds;
            environment = spec.environment;
            reservedConcurrency = spec.reservedConcurrency;
            throttle = spec.throttle;
            summary = spec.summary;
        }
    }

    /** The handler string Lambda loads. */
    public String handlerName() {
        return handler.getName();
    }

    /** The HTTP route it serves, if it serves one. */
    public java.util.Optional<Route> route() {
        return trigger instanceof Trigger.Api api
                ? java.util.Optional.of(new Route(api.method(), api.path(), name, handler, api.authorized()))
                : java.util.Optional.empty();
    }

    /** The value of {@link #ACCESS_VARIABLE}: the access names, in declaration order. */
    public String accessVariable() {
        return String.join(",", access.stream().map(Enum::name).toList());
    }
}
