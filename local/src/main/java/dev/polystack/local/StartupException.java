package dev.polystack.local;

/** A failed start with one clear sentence for the person at the terminal: no stack trace. */
public final class StartupException extends RuntimeException {
    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
