package dev.polystack.shared;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a process warms before a SnapStart snapshot, and what it renews after a restore. Parts of the
 * process that know a hot path (the SDK clients, the entropy) register here when they are built; the
 * function's {@code beforeCheckpoint} hook runs the primers, its {@code afterRestore} hook the renewals.
 *
 * <p>Only a process Lambda initialises for a snapshot ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start})
 * keeps what is registered: anywhere else (on-demand environments, tests, the in-process local stack)
 * registering is a no-op, so nothing accumulates.
 *
 * <p>A primer must have no side effect on any store: a read of a key that does not exist, a statement
 * that changes nothing, a request the store refuses. Its failure is logged and never fails the snapshot.
 */
public final class Priming {
    /**
     * The variable that names what the function's role allows (comma-separated {@code Access} names, set by
     * the CDK stack and {@code template.yaml} from the function definition). Without it (tests, tools) every
     * primer is allowed.
     */
    public static final String ACCESS_VARIABLE = "POLYSTACK_ACCESS";

    private static final boolean ENABLED = "snap-start".equals(System.getenv("AWS_LAMBDA_INITIALIZATION_TYPE"));
    private static final String ACCESS = System.getenv(ACCESS_VARIABLE);
    private static final Map<String, Runnable> PRIMERS = new LinkedHashMap<>();
    private static final List<Runnable> RENEWALS = new ArrayList<>();

    private Priming() {}

    /** Whether this process is being initialised for a SnapStart snapshot. */
    public static boolean enabled() {
        return ENABLED;
    }

    /** {@code primer}: a side-effect-free call through a hot path, run before the snapshot (once per name). */
    public static synchronized void register(String name, Runnable primer) {
        if (ENABLED) {
            PRIMERS.putIfAbsent(name, primer);
        }
    }

    /**
     * {@code primer}, registered only where the function's role allows {@code access} (an {@code Access} name):
     * a call the role may not make would be refused as AccessDenied at every publish, which is noise in CloudTrail
     * and in security alerts, and warms nothing the function will use.
     */
    public static void register(String name, String access, Runnable primer) {
        if (allows(ACCESS, access)) {
            register(name, primer);
        }
    }

    /** Whether the access list {@code variable} (the value of {@link #ACCESS_VARIABLE}, or null) includes {@code access}. */
    public static boolean allows(String variable, String access) {
        return variable == null || List.of(variable.split(",")).contains(access);
    }

    /** {@code renewal}: run after every restore, before the first invocation (for state that must differ per environment). */
    public static synchronized void afterRestore(Runnable renewal) {
        if (ENABLED) {
            RENEWALS.add(renewal);
        }
    }

    /** Runs every primer; the outcome per name ({@code ok} or the failure's class), for the log line. */
    public static Map<String, String> prime() {
        Map<String, Runnable> primers;
        synchronized (Priming.class) {
            primers = new LinkedHashMap<>(PRIMERS);
        }
        Map<String, String> outcomes = new LinkedHashMap<>();
        primers.forEach((name, primer) -> outcomes.put(name, attempt(primer)));
        return outcomes;
    }

    /** Runs every renewal, in registration order. */
    public static void renew() {
        List<Runnable> renewals;
        synchronized (Priming.class) {
            renewals = List.copyOf(RENEWALS);
        }
        renewals.forEach(Runnable::run);
    }

    /** Runs {@code primer}: {@code ok}, or what it threw (a refusal by the store still warmed the path). */
    public static String attempt(Runnable primer) {
        try {
            primer.run();
            return "ok";
        } catch (RuntimeException | LinkageError e) {
            return e.getClass().getSimpleName();
        }
    }
}
