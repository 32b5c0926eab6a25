package dev.polystack.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.polystack.shared.DomainException;
import dev.polystack.shared.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Read access to one decoded HTTP API event, with the decoding errors every route shares. */
public final class ApiRequest {
    private final HttpApiEvent event;

    public ApiRequest(HttpApiEvent event) {
        this.event = event;
    }

    public HttpApiEvent event() {
        return event;
    }

    public String method() {
        HttpApiEvent.RequestContext context = event.requestContext();
        return context == null || context.http() == null ? "" : context.http().method();
    }

    public String routeKey() {
        return event.routeKey() == null ? method() + " " + event.rawPath() : event.routeKey();
    }

    /** The caller's address as API Gateway saw it ({@code requestContext.http.sourceIp}); a client cannot set it. */
    public String sourceIp() {
        HttpApiEvent.RequestContext context = event.requestContext();
        return context == null || context.http() == null ? null : context.http().sourceIp();
    }

    public String requestId() {
        HttpApiEvent.RequestContext context = event.requestContext();
        return context == null ? null : context.requestId();
    }

    public Optional<String> header(String name) {
        Map<String, String> headers = event.headers();
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
        Map<String, String> query = event.queryStringParameters();
        return Optional.ofNullable(query == null ? null : query.get(name));
    }

    public String pathParameter(String name) {
        Map<String, String> path = event.pathParameters();
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
        HttpApiEvent.RequestContext context = event.requestContext();
        Object userId = context == null || context.authorizer() == null || context.authorizer().lambda() == null
                ? null
                : context.authorizer().lambda().get("userId");
        if (!(userId instanceof String id) || id.isBlank()) {
            throw new DomainException(ErrorKind.UNAUTHENTICATED, "UNAUTHENTICATED", "this route needs a signed-in caller");
        }
        return id;
    }

    public String bodyText() {
        String body = event.body();
        if (body == null) {
            return "";
        }
        return event.isBase64Encoded()
                ? new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8)
                : body;
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
