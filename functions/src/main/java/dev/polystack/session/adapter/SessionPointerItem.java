package dev.polystack.session.adapter;

import dev.polystack.session.Session;
import dev.polystack.shared.adapter.ItemSchema;
import dev.polystack.shared.adapter.SingleTable;
import dev.polystack.shared.adapter.SingleTableItem;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * {@code USER#<userId> / SESSION#<sha256 of token>}: points from a user to one of their sessions, so a
 * role change can find them all with one Query. Written with the session, expiring with it.
 */
record SessionPointerItem(String pk, String sk, String tokenHash, Long expiresAt) implements SingleTableItem {
    static final String TYPE = "SESSION_POINTER";
    static final StaticImmutableTableSchema<SessionPointerItem, ItemSchema.Fields> SCHEMA = ItemSchema.of(
                    SessionPointerItem.class,
                    f -> new SessionPointerItem(f.pk(), f.sk(), f.text("tokenHash"), f.expiresAt()))
            .text("tokenHash", SessionPointerItem::tokenHash)
            .expiresAt(SessionPointerItem::expiresAt)
            .build();

    static SessionPointerItem of(Session session) {
        return new SessionPointerItem(
                SingleTable.userKey(session.userId()),
                SingleTable.sessionPointerSortKey(session.tokenHash()),
                session.tokenHash(),
                session.expiresAt().getEpochSecond());
    }

    @Override
    public String type() {
        return TYPE;
    }
}
