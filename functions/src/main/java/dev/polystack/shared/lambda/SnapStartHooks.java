package dev.polystack.shared.lambda;

import dev.polystack.shared.InvocationLine;
import dev.polystack.shared.Priming;
import java.util.LinkedHashMap;
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
        line.with("primed", primed).write();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        Priming.renew();
        InvocationLine.start(null, false, true).with("phase", "afterRestore").write();
    }
}
