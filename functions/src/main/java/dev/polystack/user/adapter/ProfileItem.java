package dev.polystack.user.adapter;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import dev.polystack.shared.adapter.SingleTable;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/** {@code USER#<userId> / PROFILE}. */
public final class ProfileItem {
    public static final String TYPE = "USER";
    /** Built once per process: no reflection at request time. */
    public static final StaticTableSchema<ProfileItem> SCHEMA = StaticTableSchema.builder(ProfileItem.class)
            .newItemSupplier(ProfileItem::new)
            .addAttribute(String.class, a -> a.name(SingleTable.PK).getter(ProfileItem::getPk).setter(ProfileItem::setPk).tags(primaryPartitionKey()))
            .addAttribute(String.class, a -> a.name(SingleTable.SK).getter(ProfileItem::getSk).setter(ProfileItem::setSk).tags(primarySortKey()))
            .addAttribute(String.class, a -> a.name(SingleTable.TYPE).getter(ProfileItem::getType).setter(ProfileItem::setType))
            .addAttribute(String.class, a -> a.name("userId").getter(ProfileItem::getUserId).setter(ProfileItem::setUserId))
            .addAttribute(String.class, a -> a.name("email").getter(ProfileItem::getEmail).setter(ProfileItem::setEmail))
            .addAttribute(String.class, a -> a.name("name").getter(ProfileItem::getName).setter(ProfileItem::setName))
            .addAttribute(String.class, a -> a.name("passwordHash").getter(ProfileItem::getPasswordHash).setter(ProfileItem::setPasswordHash))
            .addAttribute(String.class, a -> a.name("createdAt").getter(ProfileItem::getCreatedAt).setter(ProfileItem::setCreatedAt))
            .addAttribute(Long.class, a -> a.name("version").getter(ProfileItem::getVersion).setter(ProfileItem::setVersion))
            .build();

    private String pk;
    private String sk;
    private String type;
    private String userId;
    private String email;
    private String name;
    private String passwordHash;
    private String createdAt;
    private Long version;

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

    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = email;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getPasswordHash() {
        return passwordHash;
    }

    public void setPasswordHash(String passwordHash) {
        this.passwordHash = passwordHash;
    }

    public String getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(String createdAt) {
        this.createdAt = createdAt;
    }

    public Long getVersion() {
        return version;
    }

    public void setVersion(Long version) {
        this.version = version;
    }
}
