package dev.polystack.shared.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import dev.polystack.Lambda;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The project's reading of API Gateway's events gives the same objects as the Lambda runtime's own serialization. */
class ApiGatewayJsonTest {
    private static final EventCodec<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> RUNTIME_HTTP =
            EventCodec.runtimeSerialization(
                    APIGatewayV2HTTPEvent.class,
                    APIGatewayV2HTTPResponse.class,
                    ApiGatewayJsonTest.class.getClassLoader());
    private static final EventCodec<APIGatewayV2CustomAuthorizerEvent, SimpleIAMPolicyResponse> RUNTIME_AUTHORIZER =
            EventCodec.runtimeSerialization(
                    APIGatewayV2CustomAuthorizerEvent.class,
                    SimpleIAMPolicyResponse.class,
                    ApiGatewayJsonTest.class.getClassLoader());

    static Stream<Path> routeEvents() throws IOException {
        try (Stream<Path> files = Files.list(Lambda.eventsDir())) {
            return files
                    .filter(f -> read(f).contains("\"rawPath\"") && !read(f).contains("\"routeArn\""))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest
    @MethodSource("routeEvents")
    void readsEverySampleRouteEventAsTheRuntimeDoes(Path sample) {
        byte[] json = read(sample).getBytes(StandardCharsets.UTF_8);
        assertEquals(
                RUNTIME_HTTP.read(new ByteArrayInputStream(json)),
                ApiGatewayJson.HTTP.read(new ByteArrayInputStream(json)));
    }

    @Test
    void readsAnAuthorizerEventAsTheRuntimeDoes() {
        byte[] json = read(Lambda.eventsDir().resolve("authorizer.json")).getBytes(StandardCharsets.UTF_8);
        APIGatewayV2CustomAuthorizerEvent ours = ApiGatewayJson.AUTHORIZER.read(new ByteArrayInputStream(json));
        assertEquals(RUNTIME_AUTHORIZER.read(new ByteArrayInputStream(json)), ours);
        assertEquals(
                ours.getRequestContext().getTimeEpoch().toEpochMilli(),
                ours.getRequestContext().getTime().getMillis() / 1000 * 1000
                        + ours.getRequestContext().getTimeEpoch().toEpochMilli() % 1000);
    }

    @Test
    void readsEveryFieldOfAPayloadTwoEvent() {
        String json = """
                {"version":"2.0","routeKey":"GET /x/{id}","rawPath":"/x/1","rawQueryString":"a=1","cookies":["c=1","d=2"],
                 "headers":{"h":"v","n":5},"queryStringParameters":{"a":"1"},"pathParameters":{"id":"1"},"stageVariables":{"s":"t"},
                 "body":"e30=","isBase64Encoded":true,"unknown":{"deep":[1,{"x":null}]},
                 "requestContext":{"routeKey":"GET /x/{id}","accountId":"1","stage":"$default","apiId":"a","domainName":"d","domainPrefix":"p",
                   "time":"12/Mar/2020:19:03:58 +0000","timeEpoch":1583348638390,"requestId":"r",
                   "http":{"method":"GET","path":"/x/1","protocol":"HTTP/1.1","sourceIp":"192.0.2.1","userAgent":"u"},
                   "authorizer":{"lambda":{"userId":"u1","roles":"admin","n":2,"list":[true,null]},
                     "jwt":{"claims":{"sub":"s"},"scopes":["read"]},"iam":{"accessKey":"k","userArn":"arn"}}}}
                """;
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertEquals(
                RUNTIME_HTTP.read(new ByteArrayInputStream(bytes)),
                ApiGatewayJson.HTTP.read(new ByteArrayInputStream(bytes)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "[]",
                "{\"headers\":[1]}",
                "{\"requestContext\":\"x\"}",
                "{\"cookies\":{}}",
                "{\"body\":{}}",
                "{\"version\":",
                "{} {}",
                ""
            })
    void refusesWhatIsNotAnEvent(String json) {
        assertThrows(
                RuntimeException.class,
                () -> ApiGatewayJson.HTTP.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void aJsonNullIsNoEvent() {
        assertNull(ApiGatewayJson.HTTP.read(new ByteArrayInputStream("null".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void writesAnswersTheRuntimeReadsBackUnchanged() {
        APIGatewayV2HTTPResponse response = APIGatewayV2HTTPResponse.builder()
                .withStatusCode(201)
                .withHeaders(Map.of("content-type", "application/json", "retry-after", "3"))
                .withMultiValueHeaders(Map.of("x", List.of("1", "2")))
                .withCookies(List.of("a=b"))
                .withBody("{\"a\":\"\\u00e9\\n\"}")
                .withIsBase64Encoded(false)
                .build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ApiGatewayJson.HTTP.write(response, out);
        assertEquals(response, runtimeResponse(out.toByteArray()));

        SimpleIAMPolicyResponse decision = new SimpleIAMPolicyResponse(true, Map.of("userId", "u1", "roles", ""));
        ByteArrayOutputStream decided = new ByteArrayOutputStream();
        ApiGatewayJson.AUTHORIZER.write(decision, decided);
        assertEquals(
                "{\"isAuthorized\":true,\"context\":"
                        + (decision.getContext().keySet().iterator().next().equals("userId")
                                ? "{\"userId\":\"u1\",\"roles\":\"\"}"
                                : "{\"roles\":\"\",\"userId\":\"u1\"}")
                        + "}",
                decided.toString(StandardCharsets.UTF_8));
    }

    private static APIGatewayV2HTTPResponse runtimeResponse(byte[] json) {
        // The runtime's serializer for the response type reads it back as API Gateway would.
        return EventCodec.runtimeSerialization(
                        APIGatewayV2HTTPResponse.class,
                        APIGatewayV2HTTPResponse.class,
                        ApiGatewayJsonTest.class.getClassLoader())
                .read(new ByteArrayInputStream(json));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
