package dev.polystack.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.polystack.shared.DomainException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiRequestTest {
    record Body(String name, int count) {}

    static ApiRequest withBody(String body) {
        return new ApiRequest(APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("POST /x")
                .withRawPath("/x")
                .withRawQueryString("")
                .withHeaders(Map.of())
                .withBody(body)
                .build());
    }

    static String codeOf(String body) {
        return assertThrows(DomainException.class, () -> withBody(body).body(Body.class))
                .code();
    }

    @Test
    void decodesAWellFormedBody() {
        assertEquals(new Body("a", 2), withBody("{\"name\":\"a\",\"count\":2}").body(Body.class));
    }

    @Test
    void eachKindOfBadBodyHasItsOwnCode() {
        assertEquals("MALFORMED_JSON", codeOf("{\"name\":"));
        assertEquals("UNKNOWN_FIELD", codeOf("{\"name\":\"a\",\"count\":1,\"admin\":true}"));
        assertEquals("INVALID_FIELD_TYPE", codeOf("{\"name\":\"a\",\"count\":\"many\"}"));
        assertEquals("INVALID_FIELD_TYPE", codeOf("{\"name\":\"a\",\"count\":null}"));
        assertEquals("MISSING_BODY", codeOf(""));
        assertEquals("MISSING_BODY", codeOf("null"));
        assertEquals("MALFORMED_JSON", codeOf("{\"name\":\"a\",\"count\":1} trailing"));
    }

    @Test
    void callerIdentityComesOnlyFromTheAuthorizerContext() {
        DomainException missing =
                assertThrows(DomainException.class, () -> withBody("{}").callerId());
        assertEquals("UNAUTHENTICATED", missing.code());
        APIGatewayV2HTTPEvent.RequestContext context = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withRequestId("r")
                .withRouteKey("GET /x")
                .withStage("$default")
                .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                        .withLambda(Map.of("userId", "u-1"))
                        .build())
                .build();
        ApiRequest request = new ApiRequest(APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("GET /x")
                .withRawPath("/x")
                .withRawQueryString("")
                .withHeaders(Map.of())
                .withRequestContext(context)
                .build());
        assertEquals("u-1", request.callerId());
    }
}
