package dev.polystack.account.handler;

import dev.polystack.account.ErasureService;
import dev.polystack.app.AppContext;
import dev.polystack.shared.InvocationLine;
import dev.polystack.shared.lambda.ScheduledFunction;

/**
 * Runs on a schedule (EventBridge): resumes every recorded erasure, finishes those past their grace.
 * A job whose step fails fails the invocation (the error alarm), after the other jobs ran.
 */
public final class EraseAccountsHandler extends ScheduledFunction<EraseAccountsHandler.Response> {
    private final ErasureService erasure;

    public EraseAccountsHandler() {
        this(AppContext.fromEnvironment().erasure());
    }

    public EraseAccountsHandler(ErasureService erasure) {
        super("erase-accounts", Response.class);
        this.erasure = erasure;
    }

    public record Response(int finished, int waiting, int failed) {}

    @Override
    protected Response run(InvocationLine line) {
        ErasureService.Run run = erasure.resumeAll();
        line.with("finished", run.finished()).with("waiting", run.waiting()).with("failed", run.failed());
        if (run.failed() > 0) {
            // Fails the invocation, so the function's error alarm tells an operator; the next run resumes the job.
            throw new IllegalStateException(
                    run.failed() + " erasure jobs failed a step; the next scheduled run resumes them");
        }
        return new Response(run.finished(), run.waiting(), run.failed());
    }

    /** Before a SnapStart snapshot: reads the recorded jobs as a run starts, runs none of their steps. */
    @Override
    protected Response rehearse(InvocationLine line) {
        int waiting = erasure.recordedJobs();
        line.with("finished", 0).with("waiting", waiting).with("failed", 0);
        return new Response(0, waiting, 0);
    }
}
