package dev.polystack.benchmarks;

import dev.polystack.local.LocalBackend;
import dev.polystack.local.dataapi.DataApiEmulator;
import dev.polystack.order.IdempotencyKey;
import dev.polystack.order.Order;
import dev.polystack.order.OrderLine;
import dev.polystack.order.OrderRepository;
import dev.polystack.order.OrderRequest;
import dev.polystack.order.Placement;
import dev.polystack.order.adapter.RdsDataOrderRepository;
import dev.polystack.shared.adapter.DataApi;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The flash sale's orders with nothing of the stack in front of the database: no gateway, no authorizer, no Lambda
 * runtime. Each caller makes the call the PlaceOrder function's adapter makes, at one of two tiers:
 *
 * <ul>
 *   <li>{@link Tier#DATA_API}: the adapter itself ({@link RdsDataOrderRepository#place}) over the functions' SDK
 *       {@code RdsDataClient}, through the Data API emulator, exactly as the function calls it;
 *   <li>{@link Tier#JDBC}: the same {@code place_order} statement straight to the stack's PostgreSQL over kept JDBC
 *       connections, as many as the emulator's workers ({@link DataApiEmulator#WORKERS}), so both tiers let the same
 *       number of statements into the database at once and the difference between them is the emulator's own cost.
 * </ul>
 */
final class DatabaseTier {
    /** {@code RdsDataOrderRepository.PLACE} with positional parameters, as JDBC binds them. */
    static final String PLACE_OVER_JDBC = "SELECT place_order(CAST(? AS uuid), ?, ?, ?, CAST(? AS jsonb))::text";

    enum Tier {
        DATA_API("Data API"),
        JDBC("JDBC");

        final String label;

        Tier(String label) {
            this.label = label;
        }
    }

    /** A tier's callers for one product; closing gives back what they hold. */
    interface Callers extends OrderPhase.Caller, AutoCloseable {
        @Override
        void close() throws SQLException;
    }

    private DatabaseTier() {}

    static Callers open(Tier tier, LocalBackend backend, String product, int clients) throws SQLException {
        OrderRequest request = OrderRequest.of(List.of(new OrderLine(product, 1)));
        // Callers of their own per phase: no key or user is shared with another phase's orders.
        String users = "flash-" + tier.name().toLowerCase(java.util.Locale.ROOT) + "-"
                + UUID.randomUUID().toString().substring(0, 8) + "-";
        return switch (tier) {
            case DATA_API -> dataApi(backend, request, users);
            case JDBC -> jdbc(backend, request, users, Math.min(clients, DataApiEmulator.WORKERS));
        };
    }

    private static Callers dataApi(LocalBackend backend, OrderRequest request, String users) {
        OrderRepository orders = new RdsDataOrderRepository(new DataApi(
                backend.app().clients().rdsData(),
                LocalBackend.CLUSTER_ARN,
                LocalBackend.SECRET_ARN,
                backend.settings().dbName()));
        return new Callers() {
            @Override
            public OrderPhase.Answer place(int client, String key) {
                return answer(
                        orders.place(UUID.randomUUID().toString(), users + client, new IdempotencyKey(key), request)
                                .match(OUTCOME));
            }

            @Override
            public void close() {
                // the functions' client stays open with the stack
            }
        };
    }

    private static Callers jdbc(LocalBackend backend, OrderRequest request, String users, int connections)
            throws SQLException {
        BlockingQueue<Connection> pool = new ArrayBlockingQueue<>(connections);
        List<Connection> opened = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                Connection connection = backend.connectToDatabase();
                opened.add(connection);
                pool.add(connection);
            }
        } catch (SQLException e) {
            closeAll(opened);
            throw e;
        }
        String items = Api.JSON
                .createArrayNode()
                .add(Api.JSON
                        .createObjectNode()
                        .put("productId", request.lines().get(0).productId())
                        .put("quantity", 1))
                .toString();
        return new Callers() {
            @Override
            public OrderPhase.Answer place(int client, String key) throws Exception {
                Connection connection = pool.take();
                try (PreparedStatement statement = connection.prepareStatement(PLACE_OVER_JDBC)) {
                    statement.setString(1, UUID.randomUUID().toString());
                    statement.setString(2, users + client);
                    statement.setString(3, key);
                    statement.setString(4, request.hash());
                    statement.setString(5, items);
                    try (ResultSet row = statement.executeQuery()) {
                        row.next();
                        return answer(Api.JSON
                                .readTree(row.getString(1))
                                .get("outcome")
                                .asText());
                    }
                } finally {
                    pool.add(connection);
                }
            }

            @Override
            public void close() throws SQLException {
                closeAll(opened);
            }
        };
    }

    private static void closeAll(List<Connection> connections) throws SQLException {
        SQLException failed = null;
        for (Connection each : connections) {
            try {
                each.close();
            } catch (SQLException e) {
                failed = e;
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** place_order's outcome as the function's answer would count it: a 201, the 409 that ends a shopper, a retry. */
    static OrderPhase.Answer answer(String outcome) {
        return switch (outcome) {
            case "CREATED", "EXISTING" -> new OrderPhase.Answer(outcome, OrderPhase.Kind.CREATED);
            case "OUT_OF_STOCK" -> new OrderPhase.Answer(outcome, OrderPhase.Kind.SOLD_OUT);
            // STOCK_BUSY asks for a retry; anything else is a defect, counted under its name until the deadline.
            default -> new OrderPhase.Answer(outcome, OrderPhase.Kind.RETRY);
        };
    }

    /** The adapter's placement under place_order's outcome name. */
    private static final Placement.Cases<String> OUTCOME = new Placement.Cases<>() {
        @Override
        public String created(Order order) {
            return "CREATED";
        }

        @Override
        public String existing(Order order) {
            return "EXISTING";
        }

        @Override
        public String keyReused() {
            return "KEY_REUSED";
        }

        @Override
        public String unknownProduct(String productId) {
            return "UNKNOWN_PRODUCT";
        }

        @Override
        public String productArchived(String productId) {
            return "PRODUCT_ARCHIVED";
        }

        @Override
        public String outOfStock(String productId, String sku, int available, int requested) {
            return "OUT_OF_STOCK";
        }

        @Override
        public String stockBusy() {
            return "STOCK_BUSY";
        }
    };
}
