package dev.polystack.user.adapter;

import dev.polystack.shared.Role;
import dev.polystack.shared.adapter.ItemSchema;
import dev.polystack.shared.adapter.SingleTable;
import dev.polystack.shared.adapter.SingleTableItem;
import dev.polystack.user.Credentials;
import dev.polystack.user.User;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * {@code EMAIL#<email> / EMAIL}: claims an address for one user. It also carries the password hash and
 * the roles, so a login costs one read (the e-mail never changes; a password change would update both
 * items, as a role change does).
 */
record EmailItem(String pk, String sk, String userId, String passwordHash, String roles) implements SingleTableItem {
    static final String TYPE = "EMAIL";
    static final StaticImmutableTableSchema<EmailItem, ItemSchema.Fields> SCHEMA = ItemSchema.of(
                    EmailItem.class,
                    f -> new EmailItem(
                            f.pk(), f.sk(), f.text("userId"), f.text("passwordHash"), f.text(ProfileItem.ROLES)))
            .text("userId", EmailItem::userId)
            .text("passwordHash", EmailItem::passwordHash)
            .text(ProfileItem.ROLES, EmailItem::roles)
            .build();

    static EmailItem of(User user) {
        return new EmailItem(
                SingleTable.emailKey(user.email().value()),
                SingleTable.EMAIL,
                user.userId(),
                user.passwordHash(),
                Role.joined(user.roles()));
    }

    @Override
    public String type() {
        return TYPE;
    }

    Credentials credentials() {
        return new Credentials(userId, passwordHash, Role.fromJoined(roles));
    }
}
