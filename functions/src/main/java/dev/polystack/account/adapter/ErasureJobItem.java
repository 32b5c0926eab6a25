package dev.polystack.account.adapter;

import dev.polystack.account.ErasureJob;
import dev.polystack.shared.adapter.ItemSchema;
import dev.polystack.shared.adapter.SingleTable;
import dev.polystack.shared.adapter.SingleTableItem;
import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * {@code ERASURE / JOB#<userId>}: an accepted erasure not finished yet, and when its sessions were revoked. Deleted when it finishes, so
 * it is the last item that carries the user's id. No TTL: an unfinished erasure must not vanish.
 */
record ErasureJobItem(String pk, String sk, String userId, String acceptedAt, String sessionsRevokedAt)
        implements SingleTableItem {
    static final String TYPE = "ERASURE_JOB";
    static final String SESSIONS_REVOKED_AT = "sessionsRevokedAt";
    static final StaticImmutableTableSchema<ErasureJobItem, ItemSchema.Fields> SCHEMA = ItemSchema.of(
                    ErasureJobItem.class,
                    f -> new ErasureJobItem(
                            f.pk(), f.sk(), f.text("userId"), f.text("acceptedAt"), f.text(SESSIONS_REVOKED_AT)))
            .text("userId", ErasureJobItem::userId)
            .text("acceptedAt", ErasureJobItem::acceptedAt)
            .text(SESSIONS_REVOKED_AT, ErasureJobItem::sessionsRevokedAt)
            .build();

    static ErasureJobItem of(ErasureJob job) {
        return new ErasureJobItem(
                SingleTable.ERASURE_JOBS,
                SingleTable.erasureJobSortKey(job.userId()),
                job.userId(),
                job.acceptedAt().toString(),
                job.sessionsRevokedAt() == null ? null : job.sessionsRevokedAt().toString());
    }

    @Override
    public String type() {
        return TYPE;
    }

    ErasureJob toJob() {
        return new ErasureJob(
                userId, Instant.parse(acceptedAt), sessionsRevokedAt == null ? null : Instant.parse(sessionsRevokedAt));
    }
}
