package dev.polystack.user.adapter;

import dev.polystack.shared.adapter.ItemSchema;
import dev.polystack.shared.adapter.SingleTable;
import dev.polystack.shared.adapter.SingleTableItem;
import dev.polystack.user.DisplayName;
import dev.polystack.user.Email;
import dev.polystack.user.User;
import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/** {@code USER#<userId> / PROFILE}: the account; {@code version} guards renames (optimistic locking). */
record ProfileItem(String pk, String sk, String userId, String email, String name, String passwordHash, String createdAt, Long version)
        implements SingleTableItem {
    static final String TYPE = "USER";
    static final String NAME = "name";
    static final String VERSION = "version";
    /** Built once per process: no reflection at request time. */
    static final StaticImmutableTableSchema<ProfileItem, ItemSchema.Fields> SCHEMA = ItemSchema.of(ProfileItem.class, f -> new ProfileItem(
                    f.pk(), f.sk(), f.text("userId"), f.text("email"), f.text(NAME), f.text("passwordHash"), f.text("createdAt"), f.number(VERSION)))
            .text("userId", ProfileItem::userId)
            .text("email", ProfileItem::email)
            .text(NAME, ProfileItem::name)
            .text("passwordHash", ProfileItem::passwordHash)
            .text("createdAt", ProfileItem::createdAt)
            .number(VERSION, ProfileItem::version)
            .build();

    static ProfileItem of(User user) {
        return new ProfileItem(SingleTable.userKey(user.userId()), SingleTable.PROFILE, user.userId(), user.email().value(), user.name().value(),
                user.passwordHash(), user.createdAt().toString(), user.version());
    }

    @Override
    public String type() {
        return TYPE;
    }

    User toUser() {
        return new User(userId, new Email(email), new DisplayName(name), passwordHash, Instant.parse(createdAt), version);
    }
}
