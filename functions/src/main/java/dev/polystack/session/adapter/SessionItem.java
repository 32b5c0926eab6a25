package dev.polystack.session.adapter;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import dev.polystack.shared.adapter.SingleTable;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/** {@code SESSION#<sha256 of token> / SESSION}, expiring through the table's TTL on {@code expiresAt}. */
public final class SessionItem {
    public static final String TYPE = "SESSION";
    public static final StaticTableSchema<SessionItem> SCHEMA = StaticTableSchema.builder(SessionItem.class)
            .newItemSupplier(SessionItem::new)
            .addAttribute(String.class, a -> a.name(SingleTable.PK).getter(SessionItem::getPk).setter(SessionItem::setPk).tags(primaryPartitionKey()))
            .addAttribute(String.class, a -> a.name(SingleTable.SK).getter(SessionItem::getSk).setter(SessionItem::setSk).tags(primarySortKey()))
            .addAttribute(String.class, a -> a.name(SingleTable.TYPE).getter(SessionItem::getType).setter(SessionItem::setType))
            .addAttribute(String.class, a -> a.name("userId").getter(SessionItem::getUserId).setter(SessionItem::setUserId))
            .addAttribute(Long.class, a -> a.name("createdAt").getter(SessionItem::getCreatedAt).setter(SessionItem::setCreatedAt))
            .addAttribute(Long.class, a -> a.name(SingleTable.TTL_ATTRIBUTE).getter(SessionItem::getExpiresAt).setter(SessionItem::setExpiresAt))
            .build();

    private String pk;
    private String sk;
    private String type;
    private String userId;
    private Long createdAt;
    private Long expiresAt;

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

    public Long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(Long createdAt) {
        this.createdAt = createdAt;
    }

    public Long getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(Long expiresAt) {
        this.expiresAt = expiresAt;
    }
}
