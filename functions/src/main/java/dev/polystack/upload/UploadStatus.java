package dev.polystack.upload;

public enum UploadStatus {
    /** Signed, not yet (or not yet verifiably) uploaded. */
    PENDING,
    /** The object arrived and matched its record. */
    AVAILABLE,
    /** The object did not match its record and was deleted. */
    REJECTED,
    /**
     * Its owner asked for it to be deleted: the object is being removed, then the record. Shown to no
     * one; a repeated delete finishes the job, and an object arriving meanwhile is deleted on arrival.
     */
    DELETING
}
