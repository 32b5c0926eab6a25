package dev.polystack.shared.adapter;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One immutable schema per kind of item: a record implementing {@link SingleTableItem}, mapped by a
 * {@link StaticImmutableTableSchema} that extends {@link #KEYS} (PK, SK, type) with the item's own
 * attributes. Built once per process; no reflection.
 *
 * <p>The SDK builds an immutable item through a builder object ({@code newItemBuilder}); records have
 * none, so every schema shares one: {@link Fields} collects the attribute values read from DynamoDB
 * and the schema's constructor function makes the record from them.
 */
public final class ItemSchema {
    /** The attributes every item has, reused by every item's schema through {@code extend}. */
    public static final StaticImmutableTableSchema<SingleTableItem, Fields> KEYS = StaticImmutableTableSchema.builder(
                    SingleTableItem.class, Fields.class)
            .addAttribute(
                    String.class,
                    a -> a.name(SingleTable.PK)
                            .getter(SingleTableItem::pk)
                            .setter(Fields.into(SingleTable.PK))
                            .tags(primaryPartitionKey()))
            .addAttribute(
                    String.class,
                    a -> a.name(SingleTable.SK)
                            .getter(SingleTableItem::sk)
                            .setter(Fields.into(SingleTable.SK))
                            .tags(primarySortKey()))
            .addAttribute(
                    String.class,
                    a -> a.name(SingleTable.TYPE).getter(SingleTableItem::type).setter(Fields.into(SingleTable.TYPE)))
            .build();

    private ItemSchema() {}

    /** A schema for the record {@code type}, made from what was read by {@code constructor}. */
    public static <T extends SingleTableItem> Builder<T> of(Class<T> type, Function<Fields, T> constructor) {
        return new Builder<>(StaticImmutableTableSchema.builder(type, Fields.class)
                .newItemBuilder(Fields::new, constructor)
                .extend(KEYS));
    }

    /** The kind of a raw item, for a reader of a mixed item collection. */
    public static String typeOf(Map<String, AttributeValue> item) {
        AttributeValue type = item.get(SingleTable.TYPE);
        return type == null ? null : type.s();
    }

    public static final class Builder<T extends SingleTableItem> {
        private final StaticImmutableTableSchema.Builder<T, Fields> schema;

        private Builder(StaticImmutableTableSchema.Builder<T, Fields> schema) {
            this.schema = schema;
        }

        public Builder<T> text(String name, Function<T, String> getter) {
            schema.addAttribute(String.class, a -> a.name(name).getter(getter).setter(Fields.into(name)));
            return this;
        }

        public Builder<T> number(String name, Function<T, Long> getter) {
            schema.addAttribute(Long.class, a -> a.name(name).getter(getter).setter(Fields.into(name)));
            return this;
        }

        /** The table's TTL attribute, in epoch seconds. */
        public Builder<T> expiresAt(Function<T, Long> getter) {
            return number(SingleTable.TTL_ATTRIBUTE, getter);
        }

        public StaticImmutableTableSchema<T, Fields> build() {
            return schema.build();
        }
    }

    /** The values read for one item, by attribute name; absent attributes are null. */
    public static final class Fields {
        private final Map<String, Object> values = new HashMap<>();

        static <R> java.util.function.BiConsumer<Fields, R> into(String name) {
            return (fields, value) -> fields.values.put(name, value);
        }

        public String pk() {
            return text(SingleTable.PK);
        }

        public String sk() {
            return text(SingleTable.SK);
        }

        public String text(String name) {
            return (String) values.get(name);
        }

        public Long number(String name) {
            return (Long) values.get(name);
        }

        public Long expiresAt() {
            return number(SingleTable.TTL_ATTRIBUTE);
        }
    }
}
