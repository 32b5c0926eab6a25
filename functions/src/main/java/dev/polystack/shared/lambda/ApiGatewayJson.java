package dev.polystack.shared.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * API Gateway's payload 2.0 events and the answers to them, read and written with the project's own
 * Jackson (its streaming parser, no data binding) into the {@code aws-lambda-java-events} types, which
 * stay the contract. The field names are those of the HTTP API's payload format 2.0
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html)
 * and of its Lambda authorizers' simple responses
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html).
 * A field this code does not know is skipped, as the runtime's serialization skips it; a field of the
 * wrong JSON type makes the event unreadable. The runtime's serialization would load its own copy of
 * Jackson and bind by reflection: about 770 classes more at a cold start.
 */
public final class ApiGatewayJson {
    /** Neither closes the runtime's streams: they belong to the runtime, as they would to a typed handler's serializer. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    /** A route's event in, its answer out. */
    public static final EventCodec<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> HTTP = new EventCodec<>() {
        @Override
        public APIGatewayV2HTTPEvent read(InputStream json) {
            return parse(json, ApiGatewayJson::httpEvent);
        }

        @Override
        public void write(APIGatewayV2HTTPResponse response, OutputStream json) {
            generate(json, out -> {
                out.writeStartObject();
                out.writeNumberField("statusCode", response.getStatusCode());
                writeStrings(out, "headers", response.getHeaders());
                if (response.getMultiValueHeaders() != null) {
                    out.writeObjectFieldStart("multiValueHeaders");
                    for (Map.Entry<String, List<String>> header :
                            response.getMultiValueHeaders().entrySet()) {
                        writeList(out, header.getKey(), header.getValue());
                    }
                    out.writeEndObject();
                }
                writeList(out, "cookies", response.getCookies());
                if (response.getBody() != null) {
                    out.writeStringField("body", response.getBody());
                }
                out.writeBooleanField("isBase64Encoded", response.getIsBase64Encoded());
                out.writeEndObject();
            });
        }
    };

    /** An authorizer's request in, its simple response ({@code isAuthorized} and a context) out. */
    public static final EventCodec<APIGatewayV2CustomAuthorizerEvent, SimpleIAMPolicyResponse> AUTHORIZER =
            new EventCodec<>() {
                @Override
                public APIGatewayV2CustomAuthorizerEvent read(InputStream json) {
                    return parse(json, ApiGatewayJson::authorizerEvent);
                }

                @Override
                public void write(SimpleIAMPolicyResponse response, OutputStream json) {
                    generate(json, out -> {
                        out.writeStartObject();
                        out.writeBooleanField("isAuthorized", response.getIsAuthorized());
                        writeStrings(out, "context", response.getContext());
                        out.writeEndObject();
                    });
                }
            };

    private ApiGatewayJson() {}

    private interface Reader<T> {
        T read(JsonParser in) throws IOException;
    }

    private interface Writer {
        void write(JsonGenerator out) throws IOException;
    }

    private static <T> T parse(InputStream json, Reader<T> reader) {
        try (JsonParser in = JSON.createParser(json)) {
            JsonToken first = in.nextToken();
            if (first == null) {
                throw new IllegalArgumentException("no JSON");
            }
            if (first == JsonToken.VALUE_NULL) {
                return null;
            }
            T value = reader.read(in);
            if (in.nextToken() != null) {
                throw new IllegalArgumentException("more than one JSON value");
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void generate(OutputStream json, Writer writer) {
        try (JsonGenerator out = JSON.createGenerator(json)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static APIGatewayV2HTTPEvent httpEvent(JsonParser in) throws IOException {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        for (String field = firstField(in); field != null; field = in.nextFieldName()) {
            in.nextToken();
            switch (field) {
                case "version" -> event.setVersion(text(in));
                case "routeKey" -> event.setRouteKey(text(in));
                case "rawPath" -> event.setRawPath(text(in));
                case "rawQueryString" -> event.setRawQueryString(text(in));
                case "cookies" -> event.setCookies(strings(in));
                case "headers" -> event.setHeaders(stringMap(in));
                case "queryStringParameters" -> event.setQueryStringParameters(stringMap(in));
                case "pathParameters" -> event.setPathParameters(stringMap(in));
                case "stageVariables" -> event.setStageVariables(stringMap(in));
                case "body" -> event.setBody(text(in));
                case "isBase64Encoded" -> event.setIsBase64Encoded(bool(in));
                case "requestContext" -> event.setRequestContext(httpContext(in));
                default -> in.skipChildren();
            }
        }
        return event;
    }

    private static APIGatewayV2HTTPEvent.RequestContext httpContext(JsonParser in) throws IOException {
        if (isNull(in)) {
            return null;
        }
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        for (String field = firstField(in); field != null; field = in.nextFieldName()) {
            in.nextToken();
            switch (field) {
                case "routeKey" -> context.setRouteKey(text(in));
                case "accountId" -> context.setAccountId(text(in));
                case "stage" -> context.setStage(text(in));
                case "apiId" -> context.setApiId(text(in));
                case "domainName" -> context.setDomainName(text(in));
                case "domainPrefix" -> context.setDomainPrefix(text(in));
                case "time" -> context.setTime(text(in));
                case "timeEpoch" -> context.setTimeEpoch(number(in));
                case "requestId" -> context.setRequestId(text(in));
                case "http" -> context.setHttp(isNull(in) ? null : httpDetails(in));
                case "authorizer" -> context.setAuthorizer(isNull(in) ? null : authorizerContext(in));
                default -> in.skipChildren();
            }
        }
        return context;
    }

    private static APIGatewayV2HTTPEvent.RequestContext.Http httpDetails(JsonParser in) throws IOException {
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        for (String field = firstField(in); field != null; field = in.nextFieldName()) {
            in.nextToken();
            switch (field) {
                case "method" -> http.setMethod(text(in));
                case "path" -> http.setPath(text(in));
                case "protocol" -> http.setProtocol(text(in));
                case "sourceIp" -> http.setSourceIp(text(in));
                case "userAgent" -> http.setUserAgent(text(in));
                default -> in.skipChildren();
            }
        }
        return http;
    }

    private static APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizerContext(JsonParser in) throws IOException {
        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer =
                new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
        for (String field = firstField(in); field != null; field = in.nextFieldName()) {
            in.nextToken();
            switch (field) {
                case "lambda" -> authorizer.setLambda(isNull(in) ? null : object(in));
                case "jwt" -> {
                    if (!isNull(in)) {
                        APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT jwt =
                                new APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT();
                        for (String name = firstField(in); name != null; name = in.nextFieldName()) {
                            in.nextToken();
                            switch (name) {
                                case "claims" -> jwt.setClaims(stringMap(in));
                                case "scopes" -> jwt.setScopes(strings(in));
                                default -> in.skipChildren();
                            }
                        }
                        authorizer.setJwt(jwt);
                    }
                }
                case "iam" -> {
                    if (!isNull(in)) {
                        APIGatewayV2HTTPEvent.RequestContext.IAM iam = new APIGatewayV2HTTPEvent.RequestContext.IAM();
                        for (String name = firstField(in); name != null; name = in.nextFieldName()) {
                            in.nextToken();
                            switch (name) {
                                case "accessKey" -> iam.setAccessKey(text(in));
                                case "accountId" -> iam.setAccountId(text(in));
                                case "callerId" -> iam.setCallerId(text(in));
                                case "principalOrgId" -> iam.setPrincipalOrgId(text(in));
                                case "userArn" -> iam.setUserArn(text(in));
                                case "userId" -> iam.setUserId(text(in));
                                default -> in.skipChildren();
                            }
                        }
                        authorizer.setIam(iam);
                    }
                }
                default -> in.skipChildren();
            }
        }
        return authorizer;
    }

    private static APIGatewayV2CustomAuthorizerEvent authorizerEvent(JsonParser in) throws IOException {
        APIGatewayV2CustomAuthorizerEvent event = new APIGatewayV2CustomAuthorizerEvent();
        for (String field = firstField(in); field != null; field = in.nextFieldName()) {
            in.nextToken();
            switch (field) {
                case "version" -> event.setVersion(text(in));
                case "type" -> event.setType(text(in));
                case "routeArn" -> event.setRouteArn(text(in));
                case "identitySource" -> event.setIdentitySource(strings(in));
                case "routeKey" -> event.setRouteKey(text(in));
                case "rawPath" -> event.setRawPath(text(in));
                case "rawQueryString" -> event.setRawQueryString(text(in));
                case "cookies" -> event.setCookies(strings(in));
                case "headers" -> event.setHeaders(stringMap(in));
                case "queryStringParameters" -> event.setQueryStringParameters(stringMap(in));
                case "pathParameters" -> event.setPathParameters(stringMap(in));
                case "stageVariables" -> event.setStageVariables(stringMap(in));
                case "requestContext" -> event.setRequestContext(isNull(in) ? null : authorizerRequestContext(in));
                default -> in.skipChildren();
            }
        }
        return event;
    }

    private static APIGatewayV2CustomAuthorizerEvent.RequestContext authorizerRequestContext(JsonParser in)
            throws IOException {
        APIGatewayV2CustomAuthorizerEvent.RequestContext context =
                new APIGatewayV2CustomAuthorizerEvent.RequestContext();
        for (String field = firstField(in); field != null; field = in.nextFieldName()) {
            in.nextToken();
            switch (field) {
                case "accountId" -> context.setAccountId(text(in));
                case "apiId" -> context.setApiId(text(in));
                case "domainName" -> context.setDomainName(text(in));
                case "domainPrefix" -> context.setDomainPrefix(text(in));
                case "requestId" -> context.setRequestId(text(in));
                case "routeKey" -> context.setRouteKey(text(in));
                case "stage" -> context.setStage(text(in));
                case "timeEpoch" -> context.setTimeEpoch(number(in));
                // Kept as text: the events type parses it (Joda-Time) only when asked for it.
                case "time" -> context.setTime(text(in));
                case "http" -> {
                    if (!isNull(in)) {
                        APIGatewayV2CustomAuthorizerEvent.Http http = new APIGatewayV2CustomAuthorizerEvent.Http();
                        for (String name = firstField(in); name != null; name = in.nextFieldName()) {
                            in.nextToken();
                            switch (name) {
                                case "method" -> http.setMethod(text(in));
                                case "path" -> http.setPath(text(in));
                                case "protocol" -> http.setProtocol(text(in));
                                case "sourceIp" -> http.setSourceIp(text(in));
                                case "userAgent" -> http.setUserAgent(text(in));
                                default -> in.skipChildren();
                            }
                        }
                        context.setHttp(http);
                    }
                }
                default -> in.skipChildren();
            }
        }
        return context;
    }

    /** At an object's start: its first field name, or null when it is empty. */
    private static String firstField(JsonParser in) throws IOException {
        if (in.currentToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("expected an object at " + in.currentLocation());
        }
        return in.nextFieldName();
    }

    private static boolean isNull(JsonParser in) {
        return in.currentToken() == JsonToken.VALUE_NULL;
    }

    /** A scalar as text (a number or boolean where text belongs is read as its text, as Jackson's binding does); null for null. */
    private static String text(JsonParser in) throws IOException {
        JsonToken token = in.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (!token.isScalarValue()) {
            throw new IllegalArgumentException("expected text at " + in.currentLocation());
        }
        return in.getText();
    }

    private static boolean bool(JsonParser in) throws IOException {
        return switch (in.currentToken()) {
            case VALUE_TRUE -> true;
            case VALUE_FALSE, VALUE_NULL -> false;
            case VALUE_STRING -> Boolean.parseBoolean(in.getText());
            default -> throw new IllegalArgumentException("expected a boolean at " + in.currentLocation());
        };
    }

    private static long number(JsonParser in) throws IOException {
        return switch (in.currentToken()) {
            case VALUE_NUMBER_INT -> in.getLongValue();
            case VALUE_NULL -> 0;
            case VALUE_STRING -> Long.parseLong(in.getText().trim());
            default -> throw new IllegalArgumentException("expected a number at " + in.currentLocation());
        };
    }

    private static List<String> strings(JsonParser in) throws IOException {
        if (isNull(in)) {
            return null;
        }
        if (in.currentToken() != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException("expected an array at " + in.currentLocation());
        }
        List<String> values = new ArrayList<>();
        while (in.nextToken() != JsonToken.END_ARRAY) {
            values.add(text(in));
        }
        return values;
    }

    private static Map<String, String> stringMap(JsonParser in) throws IOException {
        if (isNull(in)) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String field = firstField(in); field != null; field = in.nextFieldName()) {
            in.nextToken();
            values.put(field, text(in));
        }
        return values;
    }

    /** Any JSON object, as maps, lists, strings, numbers and booleans (the authorizer's context). */
    private static Map<String, Object> object(JsonParser in) throws IOException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String field = firstField(in); field != null; field = in.nextFieldName()) {
            in.nextToken();
            values.put(field, any(in));
        }
        return values;
    }

    private static Object any(JsonParser in) throws IOException {
        return switch (in.currentToken()) {
            case START_OBJECT -> object(in);
            case START_ARRAY -> {
                List<Object> values = new ArrayList<>();
                while (in.nextToken() != JsonToken.END_ARRAY) {
                    values.add(any(in));
                }
                yield values;
            }
            case VALUE_STRING -> in.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> in.getNumberValue();
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            case VALUE_NULL -> null;
            default ->
                throw new IllegalArgumentException("unexpected " + in.currentToken() + " at " + in.currentLocation());
        };
    }

    private static void writeStrings(JsonGenerator out, String field, Map<String, String> values) throws IOException {
        if (values == null) {
            return;
        }
        out.writeObjectFieldStart(field);
        for (Map.Entry<String, String> entry : values.entrySet()) {
            out.writeStringField(entry.getKey(), entry.getValue());
        }
        out.writeEndObject();
    }

    private static void writeList(JsonGenerator out, String field, List<String> values) throws IOException {
        if (values == null) {
            return;
        }
        out.writeArrayFieldStart(field);
        for (String value : values) {
            out.writeString(value);
        }
        out.writeEndArray();
    }
}
