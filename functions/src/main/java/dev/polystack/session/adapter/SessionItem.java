package dev.polystack.session.adapter;

import dev.polystack.session.Session;
import dev.polystack.shared.Role;
import dev.polystack.shared.adapter.ItemSchema;
import dev.polystack.shared.adapter.SingleTable;
import dev.polystack.shared.adapter.SingleTableItem;
import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * {@code SESSION#<sha256 of token> / SESSION}, expiring through the table's TTL on {@code expiresAt};
 * {@code roles} as {@link Role#joined} (absent for none), what the authorizer hands to the functions.
 */
record SessionItem(String pk, String sk, String userId, String roles, Long createdAt, Long expiresAt)
        implements SingleTableItem {
    static final String TYPE = "SESSION";
    static final String USER_ID = "userId";
    static final String ROLES = "roles";
    static final StaticImmutableTableSchema<SessionItem, ItemSchema.Fields> SCHEMA = ItemSchema.of(
                    SessionItem.class,
                    f -> new SessionItem(
                            f.pk(), f.sk(), f.text(USER_ID), f.text(ROLES), f.number("createdAt"), f.expiresAt()))
            .text(USER_ID, SessionItem::userId)
            .text(ROLES, SessionItem::roles)
            .number("createdAt", SessionItem::createdAt)
            .expiresAt(SessionItem::expiresAt)
            .build();

    static SessionItem of(Session session) {
        return new SessionItem(
                SingleTable.sessionKey(session.tokenHash()),
                SingleTable.SESSION,
                session.userId(),
                Role.joined(session.roles()),
                session.createdAt().getEpochSecond(),
                session.expiresAt().getEpochSecond());
    }

    @Override
    public String type() {
        return TYPE;
    }

    Session toSession(String tokenHash) {
        return new Session(
                tokenHash,
                userId,
                Role.fromJoined(roles),
                Instant.ofEpochSecond(createdAt),
                Instant.ofEpochSecond(expiresAt));
    }
}
