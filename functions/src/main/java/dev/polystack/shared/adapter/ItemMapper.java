package dev.polystack.shared.adapter;

import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * How the context that owns one kind of item turns it into its own domain type, for a reader of a
 * mixed item collection (the user's partition holds profile, order and upload items): the reader
 * asks by {@link #type()} and never decodes another context's attributes itself.
 */
public interface ItemMapper<D> {
    String type();

    D map(Map<String, AttributeValue> item);

    static <T extends SingleTableItem, D> ItemMapper<D> of(
            String type, TableSchema<T> schema, Function<T, D> toDomain) {
        return new ItemMapper<>() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public D map(Map<String, AttributeValue> item) {
                return toDomain.apply(schema.mapToItem(item));
            }
        };
    }
}
