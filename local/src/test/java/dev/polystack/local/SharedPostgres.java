package dev.polystack.local;

import dev.polystack.local.postgres.PostgresServer;

/** One throwaway PostgreSQL cluster for the whole test JVM, stopped when the JVM exits. */
public final class SharedPostgres {
    private static PostgresServer server;

    private SharedPostgres() {}

    public static synchronized PostgresServer get() {
        if (server == null) {
            String url = System.getenv("DATABASE_URL");
            server = url == null || url.isBlank()
                    ? PostgresServer.startThrowaway("polystack_test")
                    : PostgresServer.fromUrl(url);
            PostgresServer started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-test-postgres"));
        }
        return server;
    }
}
