package dev.polystack.local.dataapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.polystack.local.LoopbackServers;
import dev.polystack.local.Threads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.postgresql.PGConnection;

/**
 * An HTTP server that speaks the RDS Data API's wire protocol (REST-JSON, as used by
 * {@code software.amazon.awssdk:rdsdata}) in front of a real PostgreSQL: ExecuteStatement,
 * BatchExecuteStatement, BeginTransaction, CommitTransaction and RollbackTransaction.
 *
 * <p>Behaviour follows the service for Aurora PostgreSQL: named parameters with type hints, one
 * connection per transaction, auto-commit without a transaction id, idle transactions rolled back,
 * SQL errors as BadRequestException carrying the database's message and SQLState, unknown
 * transactions as NotFoundException, cancelled statements as StatementTimeoutException, and
 * {@code generatedFields} always empty (PostgreSQL returns generated values through RETURNING).
 */
public final class DataApiEmulator implements AutoCloseable {
    /** The service's response size limit. */
    static final int MAX_RESPONSE_BYTES = 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    public record Config(
            String clusterArn,
            String secretArn,
            String defaultDatabase,
            String host,
            int port,
            String user,
            String password,
            Duration idleTransactionTimeout,
            Duration statementTimeout) {}

    /** Failures the emulator can be told to produce, for tests of callers' retry behaviour. */
    public enum Fault {
        /** Aurora Serverless waking from a pause: DatabaseResumingException, nothing runs. */
        DATABASE_RESUMING,
        /** StatementTimeoutException, nothing runs. */
        STATEMENT_TIMEOUT,
        /** The connection drops before the statement runs: the caller gets no answer. */
        DROP_BEFORE_EXECUTE,
        /** The statement runs and commits, then the connection drops: the caller gets no answer. */
        DROP_AFTER_EXECUTE
    }

    /** Statements it runs at once (one JDBC connection each); further requests wait for a worker. */
    public static final int WORKERS = 64;

    private final Config config;
    private final Map<String, java.util.Deque<Fault>> faults = new java.util.concurrent.ConcurrentHashMap<>();
    private final ConnectionSource connections;
    private final Transactions transactions;
    private final HttpServer server;
    private final ExecutorService workers;
    private final java.util.concurrent.atomic.LongAdder requests = new java.util.concurrent.atomic.LongAdder();

    private DataApiEmulator(Config config, HttpServer server) {
        this.config = config;
        this.connections = new ConnectionSource(config.host(), config.port(), config.user(), config.password());
        this.transactions = new Transactions(connections, config.idleTransactionTimeout());
        this.server = server;
        this.workers = Executors.newFixedThreadPool(WORKERS, Threads.daemon("data-api"));
        server.setExecutor(workers);
        server.createContext("/", this::serve);
    }

    /** Starts on the loopback interface; port 0 picks a free one. */
    public static DataApiEmulator start(Config config, int port) throws IOException {
        HttpServer server = LoopbackServers.create(port, 128);
        DataApiEmulator emulator = new DataApiEmulator(config, server);
        server.start();
        return emulator;
    }

    /**
     * Serves another PostgreSQL server from now on, as a Data API endpoint would once the stack is
     * switched to a restored cluster (docs/recovery.md): same database name, user and password.
     */
    public void pointAt(String host, int port) {
        connections.retarget(host, port);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * How many Data API calls this emulator has been sent (every operation, answered or failed): what a test
     * counts to see how often a request reached PostgreSQL, whether the functions run in process or not.
     */
    public long requests() {
        return requests.sum();
    }

    public int openTransactions() {
        return transactions.openCount();
    }

    /** The next {@code times} ExecuteStatement calls fail this way (tests only). */
    public void injectFaults(Fault fault, int times) {
        injectFaults("/Execute", fault, times);
    }

    /** The next {@code times} calls of one operation ({@code /Execute}, {@code /BeginTransaction}, …) fail this way. */
    public void injectFaults(String operation, Fault fault, int times) {
        var queue = faults.computeIfAbsent(operation, o -> new java.util.concurrent.ConcurrentLinkedDeque<>());
        for (int i = 0; i < times; i++) {
            queue.add(fault);
        }
    }

    public void clearFaults() {
        faults.clear();
    }

    private void serve(HttpExchange exchange) throws IOException {
        requests.increment();
        try (exchange) {
            ObjectNode response;
            int status = 200;
            String errorType = null;
            boolean dropAfter = false;
            try {
                if (!"POST".equals(exchange.getRequestMethod())) {
                    throw DataApiError.badRequest("Only POST is supported");
                }
                JsonNode request = readBody(exchange.getRequestBody());
                var queue = faults.get(exchange.getRequestURI().getPath());
                Fault fault = queue == null ? null : queue.poll();
                if (fault == Fault.DATABASE_RESUMING) {
                    throw new DataApiError(
                            "DatabaseResumingException",
                            400,
                            "The Aurora DB instance is resuming after being auto-paused.",
                            java.util.Map.of());
                } else if (fault == Fault.STATEMENT_TIMEOUT) {
                    throw DataApiError.statementTimeout("Request timed out", 0);
                } else if (fault == Fault.DROP_BEFORE_EXECUTE) {
                    return;
                }
                response = switch (exchange.getRequestURI().getPath()) {
                    case "/Execute" -> executeStatement(request);
                    case "/BatchExecute" -> batchExecute(request);
                    case "/BeginTransaction" -> beginTransaction(request);
                    case "/CommitTransaction" -> finishTransaction(request, true);
                    case "/RollbackTransaction" -> finishTransaction(request, false);
                    default ->
                        throw DataApiError.badRequest(
                                "Unknown operation " + exchange.getRequestURI().getPath());
                };
                dropAfter = fault == Fault.DROP_AFTER_EXECUTE;
            } catch (DataApiError e) {
                status = e.status;
                errorType = e.type;
                ObjectNode error = JSON.createObjectNode().put("message", e.getMessage());
                e.extra.forEach(error::putPOJO);
                response = error;
            } catch (RuntimeException e) {
                status = 500;
                errorType = "InternalServerErrorException";
                response = JSON.createObjectNode().put("message", "Internal error: " + e);
            }
            if (dropAfter) {
                return;
            }
            byte[] body = JSON.writeValueAsBytes(response);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            if (errorType != null) {
                exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static JsonNode readBody(InputStream in) throws IOException {
        byte[] bytes = in.readAllBytes();
        if (bytes.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw DataApiError.badRequest("Request body is not valid JSON");
        }
    }

    private void checkResource(JsonNode request) {
        String resourceArn = request.path("resourceArn").asText("");
        String secretArn = request.path("secretArn").asText("");
        if (resourceArn.isEmpty()) {
            throw DataApiError.badRequest("resourceArn is required");
        }
        if (secretArn.isEmpty()) {
            throw DataApiError.badRequest("secretArn is required");
        }
        if (!resourceArn.equals(config.clusterArn())) {
            throw DataApiError.badRequest("Invalid cluster arn: " + resourceArn);
        }
        if (!secretArn.equals(config.secretArn())) {
            throw DataApiError.badRequest("The secret " + secretArn + " is not valid for cluster " + resourceArn);
        }
    }

    private String database(JsonNode request) {
        String database = request.path("database").asText("");
        return database.isEmpty() ? config.defaultDatabase() : database;
    }

    private ObjectNode beginTransaction(JsonNode request) {
        checkResource(request);
        String database = database(request);
        try {
            return JSON.createObjectNode().put("transactionId", transactions.begin(database));
        } catch (SQLException e) {
            throw translate(e, -1);
        }
    }

    private ObjectNode finishTransaction(JsonNode request, boolean commit) {
        checkResource(request);
        String id = request.path("transactionId").asText("");
        if (id.isEmpty()) {
            throw DataApiError.badRequest("transactionId is required");
        }
        try {
            transactions.finish(id, commit);
        } catch (SQLException e) {
            throw translate(e, -1);
        }
        return JSON.createObjectNode().put("transactionStatus", commit ? "Transaction Committed" : "Rollback Complete");
    }

    private ObjectNode executeStatement(JsonNode request) {
        checkResource(request);
        String sql = request.path("sql").asText("");
        if (sql.isBlank()) {
            throw DataApiError.badRequest("SQL statement is required");
        }
        NamedParameters statement = NamedParameters.parse(sql);
        Map<String, JsonNode> parameters = ParameterBinder.byName(request.get("parameters"));
        JsonNode resultOptions = request.path("resultSetOptions");
        String format = request.path("formatRecordsAs").asText("NONE");
        ResultEncoder.Options options = new ResultEncoder.Options(
                request.path("includeResultMetadata").asBoolean(false),
                "JSON".equals(format),
                "DOUBLE_OR_LONG".equals(resultOptions.path("decimalReturnType").asText("STRING")),
                "STRING".equals(resultOptions.path("longReturnType").asText("LONG")));
        boolean continueAfterTimeout = request.path("continueAfterTimeout").asBoolean(false);
        return withConnection(request, connection -> {
            try (PreparedStatement prepared = connection.prepareStatement(statement.jdbcSql())) {
                ParameterBinder.bind(prepared, statement.names(), parameters);
                if (!continueAfterTimeout) {
                    prepared.setQueryTimeout(
                            (int) Math.max(1, config.statementTimeout().toSeconds()));
                }
                ObjectNode response = JSON.createObjectNode();
                boolean hasRows = prepared.execute();
                if (hasRows) {
                    try (ResultSet rows = prepared.getResultSet()) {
                        int count = ResultEncoder.encode(rows, options, response);
                        response.put("numberOfRecordsUpdated", isDataChange(sql) ? count : 0);
                    }
                } else {
                    response.put("numberOfRecordsUpdated", Math.max(0, prepared.getUpdateCount()));
                    response.putArray("generatedFields");
                }
                if (JSON.writeValueAsBytes(response).length > MAX_RESPONSE_BYTES) {
                    throw DataApiError.badRequest("Database returned more than the allowed response size limit");
                }
                return response;
            } catch (IOException e) {
                throw DataApiError.internal(e.getMessage());
            }
        });
    }

    private ObjectNode batchExecute(JsonNode request) {
        checkResource(request);
        String sql = request.path("sql").asText("");
        if (sql.isBlank()) {
            throw DataApiError.badRequest("SQL statement is required");
        }
        NamedParameters statement = NamedParameters.parse(sql);
        JsonNode sets = request.path("parameterSets");
        boolean ownTransaction = request.path("transactionId").asText("").isEmpty();
        return withConnection(request, connection -> {
            if (ownTransaction) {
                connection.setAutoCommit(false);
            }
            try (PreparedStatement prepared = connection.prepareStatement(statement.jdbcSql())) {
                prepared.setQueryTimeout(
                        (int) Math.max(1, config.statementTimeout().toSeconds()));
                int count = 0;
                if (sets.isArray() && !sets.isEmpty()) {
                    for (JsonNode set : sets) {
                        ParameterBinder.bind(prepared, statement.names(), ParameterBinder.byName(set));
                        prepared.addBatch();
                        count++;
                    }
                    prepared.executeBatch();
                } else {
                    ParameterBinder.bind(prepared, statement.names(), Map.of());
                    prepared.execute();
                    count = 1;
                }
                if (ownTransaction) {
                    connection.commit();
                }
                ObjectNode response = JSON.createObjectNode();
                var results = response.putArray("updateResults");
                for (int i = 0; i < count; i++) {
                    results.addObject().putArray("generatedFields");
                }
                return response;
            } catch (SQLException | RuntimeException e) {
                if (ownTransaction) {
                    connection.rollback();
                }
                throw e;
            }
        });
    }

    private interface Work {
        ObjectNode run(Connection connection) throws SQLException;
    }

    private ObjectNode withConnection(JsonNode request, Work work) {
        String transactionId = request.path("transactionId").asText("");
        if (!transactionId.isEmpty()) {
            Transactions.Transaction tx = transactions.acquire(transactionId);
            try {
                return work.run(tx.connection);
            } catch (SQLException e) {
                throw translate(e, backendPid(tx.connection));
            } finally {
                transactions.release(tx);
            }
        }
        String database = database(request);
        Connection connection;
        try {
            connection = connections.borrow(database);
        } catch (SQLException e) {
            throw translate(e, -1);
        }
        boolean broken = false;
        try {
            return work.run(connection);
        } catch (SQLException e) {
            broken = isConnectionFailure(e);
            throw translate(e, backendPid(connection));
        } catch (RuntimeException e) {
            broken = true;
            throw e;
        } finally {
            connections.release(database, connection, broken);
        }
    }

    private static boolean isDataChange(String sql) {
        String head = sql.stripLeading().toUpperCase(Locale.ROOT);
        return head.startsWith("INSERT")
                || head.startsWith("UPDATE")
                || head.startsWith("DELETE")
                || head.startsWith("MERGE");
    }

    private static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }

    private static long backendPid(Connection connection) {
        try {
            return connection.unwrap(PGConnection.class).getBackendPID();
        } catch (SQLException e) {
            return -1;
        }
    }

    static DataApiError translate(SQLException e, long connectionId) {
        String state = e.getSQLState();
        if ("57014".equals(state)) {
            return DataApiError.statementTimeout("Request timed out", connectionId);
        }
        if (isConnectionFailure(e)) {
            return DataApiError.serviceUnavailable("Communications link failure: " + e.getMessage());
        }
        String message = e.getMessage() == null ? "database error" : e.getMessage();
        return DataApiError.badRequest(state == null ? message : message + "; SQLState: " + state);
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        transactions.close();
        connections.close();
    }
}
