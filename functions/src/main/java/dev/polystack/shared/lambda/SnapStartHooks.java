package dev.polystack.shared.lambda;

import dev.polystack.shared.InvocationLine;
import dev.polystack.shared.Priming;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * A function's SnapStart runtime hooks, registered with the runtime's CRaC context when Lambda
 * initialises the function for a snapshot ({@code org.crac}, which Lambda's Runtime Interface Client
 * implements). Before the snapshot: the function's own hot path on a synthetic event
 * ({@link LambdaFunction#prime()}), then every registered {@link Priming primer} (the SDK clients, the
 * password hasher, JSON), each outcome on one log line. After a restore: the {@link Priming#renew()
 * renewals} (fresh entropy), before the first invocation.
 *
 * <p>The context holds resources weakly: the function keeps this object in a field.
 */
final class SnapStartHooks implements Resource {
    private final LambdaFunction<?, ?> function;

    private SnapStartHooks(LambdaFunction<?, ?> function) {
        this.function = function;
    }

    static SnapStartHooks register(LambdaFunction<?, ?> function) {
        SnapStartHooks hooks = new SnapStartHooks(function);
        Core.getGlobalContext().register(hooks);
        return hooks;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        InvocationLine line = InvocationLine.start(null, false, false).with("phase", "beforeCheckpoint");
        Map<String, String> primed = new LinkedHashMap<>();
        primed.put("handler", Priming.attempt(function::prime));
        primed.putAll(Priming.prime());
        primed.put("runtime", Priming.attempt(SnapStartHooks::loadRuntimeClasses));
        line.with("primed", primed).write();
    }

    /**
     * The Runtime Interface Client's classes that its first invocation would otherwise load after the restore,
     * on the invocation's clock: the context it builds per invocation, the runtime's logger hook, and the thread
     * local it keeps the X-Ray trace id in (found with {@code benchmarks/run --snapstart-only}: its column of classes
     * loaded after the restore). The function cannot run the client's invocation loop before the snapshot, but it
     * can load its classes, as AWS recommends for classes on the invocation path
     * (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-best-practices.html); one that is not there (another
     * client version) is skipped.
     */
    static final List<String> RUNTIME_CLASSES = List.of(
            "com.amazonaws.services.lambda.runtime.api.client.api.LambdaContext",
            "com.amazonaws.services.lambda.runtime.LambdaRuntimeInternal",
            "software.amazon.awssdk.utilslite.SdkInternalThreadLocal");

    static void loadRuntimeClasses() {
        ClassLoader loader = SnapStartHooks.class.getClassLoader();
        for (String name : RUNTIME_CLASSES) {
            try {
                Class.forName(name, true, loader);
            } catch (ClassNotFoundException notThere) {
                // not this client's class: nothing to load
            }
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        Priming.renew();
        InvocationLine.start(null, false, true).with("phase", "afterRestore").write();
    }
}
