package dev.polystack.lake;

import java.util.List;
import java.util.Set;

/** The stream that carries records into the lake (Firehose): at-least-once, record by record. */
public interface LakeStream {
    /** The most records one call takes (PutRecordBatch's limit). */
    int MAX_BATCH = 500;

    /**
     * Sends up to {@link #MAX_BATCH} records; answers the indexes of those not accepted (to be sent
     * again). Throws when the call as a whole failed: then none was accepted.
     */
    Set<Integer> put(List<byte[]> records);
}
