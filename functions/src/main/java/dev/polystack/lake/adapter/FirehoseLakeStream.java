package dev.polystack.lake.adapter;

import dev.polystack.lake.LakeStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.Record;

/**
 * The lake's stream as a Firehose delivery stream. {@code PutRecordBatch} can succeed as a call while
 * some records fail: those carry an {@code ErrorCode} in {@code RequestResponses}, at their request's
 * index, and count in {@code FailedPutCount}
 * (https://docs.aws.amazon.com/firehose/latest/APIReference/API_PutRecordBatch.html).
 */
public final class FirehoseLakeStream implements LakeStream {
    private final FirehoseClient firehose;
    private final String streamName;

    public FirehoseLakeStream(FirehoseClient firehose, String streamName) {
        this.firehose = firehose;
        this.streamName = streamName;
    }

    @Override
    public Set<Integer> put(List<byte[]> records) {
        PutRecordBatchResponse response = firehose.putRecordBatch(b -> b.deliveryStreamName(streamName)
                .records(records.stream()
                        .map(data -> Record.builder()
                                .data(SdkBytes.fromByteArray(data))
                                .build())
                        .toList()));
        Set<Integer> failed = new LinkedHashSet<>();
        if (response.failedPutCount() != null && response.failedPutCount() > 0) {
            for (int i = 0; i < response.requestResponses().size(); i++) {
                if (response.requestResponses().get(i).errorCode() != null) {
                    failed.add(i);
                }
            }
        }
        return failed;
    }
}
