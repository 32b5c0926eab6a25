package dev.polystack.order.handler;

import dev.polystack.app.AppContext;
import dev.polystack.lake.LakeDelivery;
import dev.polystack.order.OutboxRelay;
import dev.polystack.shared.InvocationLine;
import dev.polystack.shared.Metrics;
import dev.polystack.shared.lambda.ScheduledFunction;

/** Runs on a schedule (EventBridge, every minute): projects orders whose projection was missed. */
public final class OutboxRelayHandler extends ScheduledFunction<OutboxRelayHandler.Response> {
    private final OutboxRelay relay;

    public OutboxRelayHandler() {
        this(AppContext.fromEnvironment().outboxRelay());
    }

    public OutboxRelayHandler(OutboxRelay relay) {
        super("outbox-relay", Response.class);
        this.relay = relay;
    }

    /** {@code deliveredToLake}: outbox changes the lake's stream accepted this run (0 without a lake). */
    public record Response(int projected, long backlogAgeSeconds, int deliveredToLake, long lakeBacklogAgeSeconds) {}

    @Override
    protected Response run(InvocationLine line) {
        OutboxRelay.Run run = relay.run();
        line.with("projected", run.projected()).metric(Metrics.OUTBOX_BACKLOG_AGE, "Seconds", run.backlogAgeSeconds());
        run.lake()
                .ifPresent(lake -> line.with("deliveredToLake", lake.delivered())
                        .with("lakeRecordsResent", lake.resent())
                        .with("lakeBacklogAgeSeconds", lake.backlogAgeSeconds()));
        return new Response(
                run.projected(),
                run.backlogAgeSeconds(),
                run.lake().map(LakeDelivery.Run::delivered).orElse(0),
                run.lake().map(LakeDelivery.Run::backlogAgeSeconds).orElse(0L));
    }
}
