package dev.polystack.local.firehose;

/** An error as Firehose's JSON 1.1 protocol reports it: {@code __type}, HTTP status and message. */
final class FirehoseError extends RuntimeException {
    final String type;
    final int status;

    FirehoseError(String type, int status, String message) {
        super(message);
        this.type = type;
        this.status = status;
    }

    static FirehoseError invalidArgument(String message) {
        return new FirehoseError("InvalidArgumentException", 400, message);
    }

    static FirehoseError notFound(String message) {
        return new FirehoseError("ResourceNotFoundException", 400, message);
    }

    static FirehoseError serviceUnavailable(String message) {
        return new FirehoseError("ServiceUnavailableException", 503, message);
    }

    static FirehoseError serialization(String message) {
        return new FirehoseError("SerializationException", 400, message);
    }

    static FirehoseError unknownOperation(String message) {
        return new FirehoseError("UnknownOperationException", 400, message);
    }
}
