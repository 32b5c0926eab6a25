package dev.polystack.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.polystack.shared.Caller;
import dev.polystack.shared.DomainException;
import dev.polystack.shared.ErrorKind;
import dev.polystack.shared.Role;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Read access to one decoded HTTP API event, with the decoding errors every route shares. */
public final class ApiRequest {
    private final APIGatewayV2HTTPEvent event;

    public ApiRequest(APIGatewayV2HTTPEvent event) {
        this.event = event;
    }

    public APIGatewayV2HTTPEvent event() {
        return event;
    }

    public String method() {
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        return context == null || context.getHttp() == null
                ? ""
                : context.getHttp().getMethod();
    }

    public String routeKey() {
        return event.getRouteKey() == null ? method() + " " + event.getRawPath() : event.getRouteKey();
    }

    /**
     * The address of the connection API Gateway took the request from ({@code requestContext.http.sourceIp}); a
     * client cannot set it. Through CloudFront it is CloudFront's: the limits ask {@link EdgeOrigin#clientAddress}.
     */
    public String sourceIp() {
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        return context == null || context.getHttp() == null
                ? null
                : context.getHttp().getSourceIp();
    }

    /** API Gateway's id for the request ({@code $context.requestId}, as in its access log), not Lambda's. */
    public String apiRequestId() {
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        return context == null ? null : context.getRequestId();
    }

    public Optional<String> header(String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return Optional.empty();
        }
        String wanted = name.toLowerCase(Locale.ROOT);
        return headers.entrySet().stream()
                .filter(e -> e.getKey().toLowerCase(Locale.ROOT).equals(wanted))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    public Optional<String> query(String name) {
        Map<String, String> query = event.getQueryStringParameters();
        return Optional.ofNullable(query == null ? null : query.get(name));
    }

    public String pathParameter(String name) {
        Map<String, String> path = event.getPathParameters();
        String value = path == null ? null : path.get(name);
        if (value == null || value.isEmpty()) {
            throw DomainException.invalid("MISSING_PATH_PARAMETER", "path parameter '" + name + "' is missing");
        }
        return value;
    }

    /**
     * The caller's user id, as the Lambda authorizer put it in the request context. The only source of
     * identity a handler trusts: never a body, path or query value.
     */
    public String callerId() {
        Object userId = authorizerContext().get("userId");
        if (!(userId instanceof String id) || id.isBlank()) {
            throw new DomainException(
                    ErrorKind.UNAUTHENTICATED, "UNAUTHENTICATED", "this route needs a signed-in caller");
        }
        return id;
    }

    /** The caller with the roles their session carries ({@code roles} in the authorizer context, as the session stores them). */
    public Caller caller() {
        String userId = callerId();
        Object roles = authorizerContext().get("roles");
        return new Caller(userId, Role.fromJoined(roles instanceof String text ? text : null));
    }

    private Map<String, Object> authorizerContext() {
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        return context == null
                        || context.getAuthorizer() == null
                        || context.getAuthorizer().getLambda() == null
                ? Map.of()
                : context.getAuthorizer().getLambda();
    }

    public String bodyText() {
        String body = event.getBody();
        if (body == null) {
            return "";
        }
        return event.getIsBase64Encoded() ? new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8) : body;
    }

    /** The JSON body as the given record; unknown fields, wrong types and malformed JSON are 400s. */
    public <T> T body(Class<T> type) {
        String text = bodyText();
        if (text.isBlank()) {
            throw DomainException.invalid("MISSING_BODY", "a JSON body is required");
        }
        try {
            T value = Json.STRICT.readValue(text, type);
            if (value == null) {
                throw DomainException.invalid("MISSING_BODY", "a JSON object is required");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw DomainException.invalid("UNKNOWN_FIELD", "unknown field '" + e.getPropertyName() + "'");
        } catch (MismatchedInputException e) {
            throw DomainException.invalid("INVALID_FIELD_TYPE", "wrong type at " + fieldPath(e));
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof DomainException domain) {
                throw domain;
            }
            throw DomainException.invalid("MALFORMED_JSON", "the body is not valid JSON");
        }
    }

    private static String fieldPath(MismatchedInputException e) {
        StringBuilder path = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "the top level" : "'" + path + "'";
    }
}
