package dev.polystack.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.polystack.shared.DomainException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiRequestTest {
    record Body(String name, int count) {
    }

    static ApiRequest withBody(String body) {
        return new ApiRequest(new HttpApiEvent("2.0", "POST /x", "/x", "", null, Map.of(), null, null, null, body, false));
    }

    static String codeOf(String body) {
        return assertThrows(DomainException.class, () -> withBody(body).body(Body.class)).code();
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
        DomainException missing = assertThrows(DomainException.class, () -> withBody("{}").callerId());
        assertEquals("UNAUTHENTICATED", missing.code());
        HttpApiEvent.RequestContext context = new HttpApiEvent.RequestContext("r", "GET /x", "$default", 0L, null,
                new HttpApiEvent.Authorizer(Map.of("userId", "u-1")));
        ApiRequest request = new ApiRequest(new HttpApiEvent("2.0", "GET /x", "/x", "", null, Map.of(), null, null, context, null, false));
        assertEquals("u-1", request.callerId());
    }
}
