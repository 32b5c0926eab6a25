package dev.polystack.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.polystack.shared.Priming;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The process's JSON mapper for what clients send and receive, built once. Events and the answers to
 * them are read and written by each function kind's {@code EventCodec} instead ({@code LambdaFunction}).
 */
public final class Json {
    /** For request bodies from clients: an unknown field, a number in a string field or a null primitive is an error. */
    public static final ObjectMapper STRICT = strict();

    static {
        // Before a SnapStart snapshot: request bodies are read and responses written by this mapper, as records
        // (Jackson builds a record's deserializer and serializer on first use: that machinery is loaded here).
        Priming.register("json", () -> {
            try {
                STRICT.writeValueAsString(
                        STRICT.readValue("{\"priming\":[1,\"two\",{\"three\":3.0}],\"ok\":true}", Map.class));
                STRICT.writeValueAsString(STRICT.readValue(
                        "{\"text\":\"priming\",\"number\":1,\"flag\":true,\"items\":[2,3]}", PrimingRecord.class));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private Json() {}

    /** A record of the kinds of fields request and response records have, for the primer above. */
    private record PrimingRecord(String text, Long number, boolean flag, List<Integer> items) {}

    /** Initialises this class (its mapper, its SnapStart primer) if nothing has yet. */
    static void load() {
        // The class initialiser runs before this body, which has nothing left to do.
    }

    private static ObjectMapper strict() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
        // A number or boolean where text belongs is a client error, not something to quietly convert.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        return mapper;
    }
}
