package dev.polystack.local.dataapi;

import java.util.Map;

/** An error as the Data API reports it: the service's error type, HTTP status and message. */
final class DataApiError extends RuntimeException {
    final String type;
    final int status;
    final Map<String, Object> extra;

    DataApiError(String type, int status, String message, Map<String, Object> extra) {
        super(message);
        this.type = type;
        this.status = status;
        this.extra = extra;
    }

    static DataApiError badRequest(String message) {
        return new DataApiError("BadRequestException", 400, message, Map.of());
    }

    static DataApiError notFound(String message) {
        return new DataApiError("NotFoundException", 404, message, Map.of());
    }

    static DataApiError statementTimeout(String message, long dbConnectionId) {
        return new DataApiError("StatementTimeoutException", 400, message, Map.of("dbConnectionId", dbConnectionId));
    }

    static DataApiError serviceUnavailable(String message) {
        return new DataApiError("ServiceUnavailableError", 503, message, Map.of());
    }

    static DataApiError internal(String message) {
        return new DataApiError("InternalServerErrorException", 500, message, Map.of());
    }
}
