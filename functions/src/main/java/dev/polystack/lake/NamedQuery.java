package dev.polystack.lake;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The lake's named queries, written once in the SQL that Athena (Trino) and DuckDB both accept: the
 * {@code .sql} resources under {@code /lake/queries/}, each preceded by {@code latest.sql}. The CDK
 * stack saves these exact texts as Athena named queries; {@code local/query} runs them with DuckDB;
 * {@code LakeTruthIT} checks each against PostgreSQL. Each takes one value, the first day
 * ({@code YYYY-MM-DD}), bound to both of its {@code ?} (Athena: execution parameters).
 */
public enum NamedQuery {
    DAILY_REVENUE("daily_revenue", "Revenue per day of placement (orders not cancelled)"),
    TOP_PRODUCTS_BY_UNITS("top_products_by_units", "The ten products sold most by units"),
    TOP_PRODUCTS_BY_REVENUE("top_products_by_revenue", "The ten products that brought in most"),
    CANCELLATION_RATE("cancellation_rate", "Orders placed, cancelled and the share cancelled, per day of placement"),
    ORDERS_PER_HOUR("orders_per_hour", "Orders placed per UTC hour");

    private final String id;
    private final String description;

    NamedQuery(String id, String description) {
        this.id = id;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** The whole statement: the shared {@code latest} step, then this query. */
    public String sql() {
        return resource("latest") + resource(id);
    }

    /** The values of the statement's {@code ?}, in order, for answers about orders placed on or after {@code firstDay}. */
    public static Object[] parameters(String firstDay) {
        if (firstDay == null || !firstDay.matches("\\d{4}-\\d{2}-\\d{2}")) {
            throw new IllegalArgumentException("the first day is YYYY-MM-DD: " + firstDay);
        }
        return new Object[] {firstDay, firstDay};
    }

    private static String resource(String name) {
        try (InputStream in = NamedQuery.class.getResourceAsStream("/lake/queries/" + name + ".sql")) {
            if (in == null) {
                throw new IllegalStateException("missing /lake/queries/" + name + ".sql");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
