package dev.polystack.user.adapter;

import dev.polystack.shared.adapter.ItemSchema;
import dev.polystack.shared.adapter.SingleTable;
import dev.polystack.shared.adapter.SingleTableItem;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * {@code USER#<userId> / ROLECHANGE#<at>#<changeId>}: the audit record of one role granted or revoked,
 * and who did it ({@code user:<id>} or {@code operator:<name>}); written in the change's transaction.
 */
record RoleChangeItem(String pk, String sk, String role, String change, String actor, String at)
        implements SingleTableItem {
    static final String TYPE = "ROLE_CHANGE";
    static final StaticImmutableTableSchema<RoleChangeItem, ItemSchema.Fields> SCHEMA = ItemSchema.of(
                    RoleChangeItem.class,
                    f -> new RoleChangeItem(
                            f.pk(), f.sk(), f.text("role"), f.text("change"), f.text("actor"), f.text("at")))
            .text("role", RoleChangeItem::role)
            .text("change", RoleChangeItem::change)
            .text("actor", RoleChangeItem::actor)
            .text("at", RoleChangeItem::at)
            .build();

    static RoleChangeItem of(String userId, String role, boolean grant, String actor, String at, String changeId) {
        return new RoleChangeItem(
                SingleTable.userKey(userId),
                SingleTable.roleChangeSortKey(at, changeId),
                role,
                grant ? "grant" : "revoke",
                actor,
                at);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
