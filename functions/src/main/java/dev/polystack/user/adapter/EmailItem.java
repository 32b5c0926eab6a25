package dev.polystack.user.adapter;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import dev.polystack.shared.adapter.SingleTable;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * {@code EMAIL#<email> / EMAIL}: claims an address for one user. It also carries the password hash,
 * so a login costs one read (the e-mail never changes; a password change would update both items).
 */
public final class EmailItem {
    public static final String TYPE = "EMAIL";
    public static final StaticTableSchema<EmailItem> SCHEMA = StaticTableSchema.builder(EmailItem.class)
            .newItemSupplier(EmailItem::new)
            .addAttribute(String.class, a -> a.name(SingleTable.PK).getter(EmailItem::getPk).setter(EmailItem::setPk).tags(primaryPartitionKey()))
            .addAttribute(String.class, a -> a.name(SingleTable.SK).getter(EmailItem::getSk).setter(EmailItem::setSk).tags(primarySortKey()))
            .addAttribute(String.class, a -> a.name(SingleTable.TYPE).getter(EmailItem::getType).setter(EmailItem::setType))
            .addAttribute(String.class, a -> a.name("userId").getter(EmailItem::getUserId).setter(EmailItem::setUserId))
            .addAttribute(String.class, a -> a.name("passwordHash").getter(EmailItem::getPasswordHash).setter(EmailItem::setPasswordHash))
            .build();

    private String pk;
    private String sk;
    private String type;
    private String userId;
    private String passwordHash;

    public String getPk() {
        return pk;
    }

    public void setPk(String pk) {
        this.pk = pk;
    }

    public String getSk() {
        return sk;
    }

    public void setSk(String sk) {
        this.sk = sk;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public String getPasswordHash() {
        return passwordHash;
    }

    public void setPasswordHash(String passwordHash) {
        this.passwordHash = passwordHash;
    }
}
