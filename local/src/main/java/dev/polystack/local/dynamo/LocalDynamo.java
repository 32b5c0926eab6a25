package dev.polystack.local.dynamo;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import dev.polystack.local.Ports;
import dev.polystack.local.StartupException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * DynamoDB Local, in this process: in memory by default, or in a data directory. One database for
 * every caller ({@code -sharedDb}), as a real account's region looks the same to every credential:
 * without it DynamoDB Local keeps a database per access key and region, and the AWS CLI with other
 * credentials would see no table. It accepts a TTL setting but never deletes expired items, which
 * is why every read of an expiring item checks {@code expiresAt} itself.
 */
public final class LocalDynamo implements AutoCloseable {
    private final DynamoDBProxyServer server;
    private final int port;

    private LocalDynamo(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public static LocalDynamo start(Path dataDir) {
        int port = Ports.free();
        List<String> args = new ArrayList<>(List.of("-port", Integer.toString(port), "-disableTelemetry", "-sharedDb"));
        if (dataDir == null) {
            args.add("-inMemory");
        } else {
            try {
                java.nio.file.Files.createDirectories(dataDir);
            } catch (java.io.IOException e) {
                throw new StartupException("cannot create " + dataDir + " for DynamoDB Local: " + e.getMessage(), e);
            }
            args.addAll(List.of("-dbPath", dataDir.toString()));
        }
        try {
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
            server.start();
            return new LocalDynamo(server, port);
        } catch (Exception e) {
            throw new StartupException("DynamoDB Local did not start: " + e.getMessage(), e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception ignored) {
            // stopping anyway
        }
    }
}
