package dev.polystack.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.polystack.app.EdgePolicy;
import dev.polystack.shared.InvocationLog;
import dev.polystack.shared.Settings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EdgeOriginTest {
    static final String SECRET = "4hY1mYyqvQx0cZ2n8VJkz3WcB7Rt5LpA";
    static final String CLOUDFRONT = "130.176.0.17";
    static final EdgeOrigin EDGE = EdgeOrigin.trusting(SECRET);

    final List<Map<String, Object>> warnings = new ArrayList<>();

    @AfterEach
    void logToStandardOutputAgain() {
        InvocationLog.redirect((level, line) -> System.out.println(line));
    }

    static ApiRequest request(String sourceIp, String... headers) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i], headers[i + 1]);
        }
        return new ApiRequest(APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("POST /sessions")
                .withRawPath("/sessions")
                .withHeaders(map)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("POST")
                                .withPath("/sessions")
                                .withSourceIp(sourceIp)
                                .build())
                        .build())
                .build());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "198.51.100.10, 198.51.100.10",
        "127.0.0.2, 127.0.0.2",
        "0.0.0.0, 0.0.0.0",
        "255.255.255.255, 255.255.255.255",
        "2001:db8::1, 2001:db8:0:0:0:0:0:1",
        "2001:DB8:0:0:0:0:0:1, 2001:db8:0:0:0:0:0:1",
        "::1, 0:0:0:0:0:0:0:1",
        // An IPv4-mapped IPv6 address is the IPv4 client it stands for.
        "::ffff:198.51.100.7, 198.51.100.7"
    })
    void readsTheViewersIp(String value, String ip) {
        assertEquals(Optional.of(ip), EdgeOrigin.viewerIp(value));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(
            strings = {
                "",
                " 198.51.100.10",
                "198.51.100.10 ",
                "198.51.100.10:443",
                "198.51.100.256",
                "198.51.100",
                "198.51.100.010",
                "198.51.100.10.1",
                "+198.51.100.10",
                "[2001:db8::1]",
                "[2001:db8::1]:443",
                "localhost",
                "example.com",
                "1.2.3.4.example.com",
                "198.51.100.10, 203.0.113.9",
                "2001:db8::g",
                "2001:db8:::1",
                "fe80::1%eth0",
                "1:2:3:4:5:6:7:8:9",
                "unknown"
            })
    void refusesAnythingElse(String value) {
        assertEquals(Optional.empty(), EdgeOrigin.viewerIp(value), value);
    }

    @Test
    void aViewerAddressWithTheEdgesSecretIsTheClientsAddress() {
        ApiRequest through = request(
                CLOUDFRONT, "X-Polystack-Viewer-Address", "198.51.100.10", EdgePolicy.ORIGIN_SECRET_HEADER, SECRET);
        assertEquals("198.51.100.10", EDGE.clientAddress(through));
    }

    @Test
    void aForgedViewerAddressWithoutTheSecretIsIgnored() {
        ApiRequest forged = request("203.0.113.5", "X-Polystack-Viewer-Address", "198.51.100.10");
        assertEquals("203.0.113.5", EDGE.clientAddress(forged));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(
            strings = {
                "wrong",
                "",
                "4hY1mYyqvQx0cZ2n8VJkz3WcB7Rt5Lp",
                "4hY1mYyqvQx0cZ2n8VJkz3WcB7Rt5LpAx",
                "4HY1MYYQVQX0CZ2N8VJKZ3WCB7RT5LPA"
            })
    void aForgedViewerAddressWithAWrongSecretIsIgnored(String wrong) {
        ApiRequest forged = request(
                "203.0.113.5", "X-Polystack-Viewer-Address", "198.51.100.10", EdgePolicy.ORIGIN_SECRET_HEADER, wrong);
        assertEquals("203.0.113.5", EDGE.clientAddress(forged));
    }

    @Test
    void withoutAConfiguredSecretNothingIsBelievedToComeThroughTheEdge() {
        ApiRequest claimed = request(
                "203.0.113.5", "X-Polystack-Viewer-Address", "198.51.100.10", EdgePolicy.ORIGIN_SECRET_HEADER, SECRET);
        assertEquals("203.0.113.5", EdgeOrigin.NONE.clientAddress(claimed));
        assertEquals("203.0.113.5", EdgeOrigin.from(new Settings(Map.of())).clientAddress(claimed));
        assertEquals(
                "198.51.100.10",
                EdgeOrigin.from(new Settings(Map.of(EdgePolicy.ORIGIN_SECRET_VARIABLE, SECRET)))
                        .clientAddress(claimed));
    }

    @Test
    void aBlankSecretIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> EdgeOrigin.trusting(" "));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"not-an-address", "198.51.100.10:443", "evil.example.com", "198.51.100.10, 10.0.0.1"})
    void aMalformedViewerAddressWithTheSecretFallsBackToSourceIpAndIsLogged(String malformed) {
        InvocationLog.redirect((level, line) -> warnings.add(line));
        ApiRequest odd =
                request(CLOUDFRONT, "X-Polystack-Viewer-Address", malformed, EdgePolicy.ORIGIN_SECRET_HEADER, SECRET);
        assertEquals(CLOUDFRONT, EDGE.clientAddress(odd));
        assertEquals(1, warnings.size(), warnings.toString());
        assertEquals("viewer_address_unreadable", warnings.get(0).get("event"));
        assertEquals(malformed, warnings.get(0).get(EdgePolicy.VIEWER_ADDRESS_HEADER));
    }

    @Test
    void aMissingViewerAddressWithTheSecretFallsBackToSourceIpAndIsLogged() {
        InvocationLog.redirect((level, line) -> warnings.add(line));
        assertEquals(CLOUDFRONT, EDGE.clientAddress(request(CLOUDFRONT, EdgePolicy.ORIGIN_SECRET_HEADER, SECRET)));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).get("detail").toString().contains(CLOUDFRONT));
    }
}
