package dev.polystack.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CorsPolicyTest {
    @Test
    void allowsEveryRouteMethodAndThePreflight() {
        Set<String> expected = new TreeSet<>(Set.of("OPTIONS"));
        RouteTable.ROUTES.stream().filter(route -> !route.isDefault()).forEach(route -> expected.add(route.method()));
        assertEquals(Set.copyOf(expected), Set.copyOf(CorsPolicy.DEFAULT.allowMethods()));
    }

    @Test
    void exposesEveryHeaderAFunctionSets() throws IOException {
        Pattern setHeader = Pattern.compile("withHeader\\(\"([^\"]+)\"");
        Set<String> set = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = setHeader.matcher(Files.readString(file));
                while (m.find()) {
                    set.add(m.group(1).toLowerCase());
                }
            }
        }
        assertTrue(
                set.containsAll(Set.of("retry-after", "idempotent-replayed")),
                "the scan finds the handlers' headers: " + set);
        assertTrue(
                CorsPolicy.DEFAULT.exposeHeaders().containsAll(set),
                "browser code cannot read a header CORS does not expose: " + set);
    }

    @Test
    void allowsTheHeadersClientsSend() {
        assertTrue(CorsPolicy.DEFAULT
                .allowHeaders()
                .containsAll(Set.of("authorization", "content-type", "idempotency-key")));
        assertEquals(
                java.util.List.of("https://app.example.com"),
                CorsPolicy.DEFAULT
                        .withAllowOrigins(java.util.List.of("https://app.example.com"))
                        .allowOrigins());
    }
}
