package dev.polystack.upload;

public enum UploadStatus {
    /** Signed, not yet (or not yet verifiably) uploaded. */
    PENDING,
    /** The object arrived and matched its record. */
    AVAILABLE,
    /** The object did not match its record and was deleted. */
    REJECTED
}
