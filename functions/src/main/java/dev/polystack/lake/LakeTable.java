package dev.polystack.lake;

import java.util.List;

/**
 * The order lake's one table, described once: the Glue table (CDK and SAM), Firehose's Parquet
 * conversion, the local Firehose emulator and {@code local/query} all read it from here.
 *
 * <p>One row is one product line of one version of one order: an order change of three lines is
 * three rows sharing {@code order_id} and {@code version}. Rows are facts, never updated: a reader
 * takes the newest version of each (order, product) and so ignores both older versions and
 * duplicates (docs/analytics.md, "Duplicates"). No column holds personal data: the customer is
 * {@code customer_key}, a pseudonym that cannot be recomputed once the account is erased.
 */
public final class LakeTable {
    public static final String TABLE = "order_events";
    /** Where the table's objects live in the lake bucket; Hive-style partitions below it. */
    public static final String LOCATION_PREFIX = "lake/orders/";

    public static final String PARTITION_KEY = "dt";
    /** Firehose's dynamic partitioning: the event's UTC day, from its own timestamp (JQ 1.6). */
    public static final String PARTITION_QUERY = "{dt: .occurred_at[0:10]}";
    /** Firehose's S3 prefix with the key the query above extracts. */
    public static final String S3_PREFIX = LOCATION_PREFIX + "dt=!{partitionKeyFromQuery:dt}/";
    /** Records Firehose could not partition or convert land here, apart from the table. */
    public static final String ERROR_PREFIX = "lake/errors/!{firehose:error-output-type}/!{timestamp:yyyy-MM-dd}/";
    /** The first day partition projection enumerates (Athena's {@code projection.dt.range}). */
    public static final String FIRST_DAY = "2024-01-01";

    /** A column as Glue (Hive DDL types) and Parquet conversion see it. */
    public record Column(String name, String type, String comment) {}

    public static final List<Column> COLUMNS = List.of(
            new Column("order_id", "string", "the order (uuid)"),
            new Column("version", "bigint", "the order's version after this change: 1 when placed"),
            new Column("event", "string", "CREATED, CANCELLED, SHIPPED or DELIVERED"),
            new Column("status", "string", "the order's status after this change"),
            new Column("customer_key", "string", "HMAC of the customer under a per-user secret; null once erased"),
            new Column("placed_at", "string", "when the order was placed, ISO-8601 UTC with milliseconds"),
            new Column("placed_on", "string", "the UTC day the order was placed, YYYY-MM-DD"),
            new Column("placed_hour", "int", "the UTC hour the order was placed, 0-23"),
            new Column("occurred_at", "string", "when this change was committed, ISO-8601 UTC"),
            new Column("order_total_cents", "bigint", "the whole order's total"),
            new Column("order_lines", "int", "how many product lines the order has"),
            new Column("product_id", "string", "this line's product (uuid)"),
            new Column("sku", "string", "the product's SKU when ordered"),
            new Column("quantity", "int", "units of the product"),
            new Column("unit_price_cents", "bigint", "the unit price when ordered"));

    private LakeTable() {}
}
