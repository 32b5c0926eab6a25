package dev.polystack.local.gateway;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code /docs}: Swagger UI (from the org.webjars:swagger-ui package) over {@code /openapi.yaml}, the
 * API description at the repository root. Local stack only; never deployed.
 */
public final class ApiDocs {
    static final String SWAGGER_UI = "META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion() + "/";
    private static final Map<String, String> TYPES = Map.of(
            ".js",
            "text/javascript",
            ".css",
            "text/css",
            ".png",
            "image/png",
            ".html",
            "text/html; charset=utf-8",
            ".map",
            "application/json");
    private static final String PAGE = """
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>polystack API</title>
              <link rel="stylesheet" href="/docs/swagger-ui.css">
            </head>
            <body>
              <div id="swagger-ui"></div>
              <script src="/docs/swagger-ui-bundle.js"></script>
              <script>window.ui = SwaggerUIBundle({ url: "/openapi.yaml", dom_id: "#swagger-ui", deepLinking: true });</script>
            </body>
            </html>
            """;

    private ApiDocs() {}

    public static void install(LocalGateway gateway) {
        gateway.addExtra("/openapi.yaml", ApiDocs::spec);
        gateway.addExtra("/docs", ApiDocs::docs);
    }

    private static boolean spec(HttpExchange exchange) {
        if (!exchange.getRequestURI().getPath().equals("/openapi.yaml")) {
            return false;
        }
        return serve(exchange, "openapi.yaml", "application/yaml");
    }

    private static boolean docs(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        try {
            if (path.equals("/docs") || path.equals("/docs/")) {
                LocalGateway.send(
                        exchange,
                        200,
                        Map.of("content-type", "text/html; charset=utf-8"),
                        PAGE.getBytes(StandardCharsets.UTF_8));
                return true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String asset = path.substring("/docs/".length());
        if (asset.contains("..") || asset.contains("/")) {
            return false;
        }
        int dot = asset.lastIndexOf('.');
        return serve(
                exchange,
                SWAGGER_UI + asset,
                TYPES.getOrDefault(dot < 0 ? "" : asset.substring(dot), "application/octet-stream"));
    }

    private static boolean serve(HttpExchange exchange, String resource, String contentType) {
        try (InputStream in = ApiDocs.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return false;
            }
            LocalGateway.send(exchange, 200, Map.of("content-type", contentType), in.readAllBytes());
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String swaggerUiVersion() {
        try (InputStream in = ApiDocs.class
                .getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            var properties = new java.util.Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("org.webjars:swagger-ui is not on the classpath", e);
        }
    }
}
