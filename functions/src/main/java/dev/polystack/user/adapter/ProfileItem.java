package dev.polystack.user.adapter;

import dev.polystack.shared.Role;
import dev.polystack.shared.adapter.ItemSchema;
import dev.polystack.shared.adapter.SingleTable;
import dev.polystack.shared.adapter.SingleTableItem;
import dev.polystack.user.DisplayName;
import dev.polystack.user.Email;
import dev.polystack.user.User;
import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * {@code USER#<userId> / PROFILE}: the account; {@code version} guards renames (optimistic locking);
 * {@code roles} as {@link Role#joined} (absent for none), changed only together with the e-mail claim's.
 */
record ProfileItem(
        String pk,
        String sk,
        String userId,
        String email,
        String name,
        String passwordHash,
        String createdAt,
        Long version,
        String roles)
        implements SingleTableItem {
    static final String TYPE = "USER";
    static final String NAME = "name";
    static final String VERSION = "version";
    static final String ROLES = "roles";
    static final String PASSWORD_HASH = "passwordHash";
    /** Built once per process: no reflection at request time. */
    static final StaticImmutableTableSchema<ProfileItem, ItemSchema.Fields> SCHEMA = ItemSchema.of(
                    ProfileItem.class,
                    f -> new ProfileItem(
                            f.pk(),
                            f.sk(),
                            f.text("userId"),
                            f.text("email"),
                            f.text(NAME),
                            f.text("passwordHash"),
                            f.text("createdAt"),
                            f.number(VERSION),
                            f.text(ROLES)))
            .text("userId", ProfileItem::userId)
            .text("email", ProfileItem::email)
            .text(NAME, ProfileItem::name)
            .text("passwordHash", ProfileItem::passwordHash)
            .text("createdAt", ProfileItem::createdAt)
            .number(VERSION, ProfileItem::version)
            .text(ROLES, ProfileItem::roles)
            .build();

    static ProfileItem of(User user) {
        return new ProfileItem(
                SingleTable.userKey(user.userId()),
                SingleTable.PROFILE,
                user.userId(),
                user.email().value(),
                user.name().value(),
                user.passwordHash(),
                user.createdAt().toString(),
                user.version(),
                Role.joined(user.roles()));
    }

    @Override
    public String type() {
        return TYPE;
    }

    User toUser() {
        return new User(
                userId,
                new Email(email),
                new DisplayName(name),
                passwordHash,
                Instant.parse(createdAt),
                version,
                Role.fromJoined(roles));
    }
}
