package dev.polystack.shared.adapter;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Sends S3 uploads without {@code Expect: 100-continue}, which the S3 client adds to every
 * {@code PutObject} and {@code UploadPart}. With it, {@code HttpURLConnection} reads S3's interim answer
 * inside {@code getOutputStream()}: on a kept-alive connection S3 has closed while the environment sat
 * idle, that read fails, the JDK does not retry a streamed request, and the SDK's URLConnection client
 * turns the failure into an {@code UncheckedIOException} its retry policy never sees
 * (aws/aws-sdk-java-v2#7347; {@code StaleConnectionTest}). Without it the same failure surfaces when the
 * answer is read, as an {@code IOException} the SDK retries on a new connection. The objects written here
 * (exports, restored copies) are small, so sending a body S3 then refuses costs little.
 */
final class NoExpectContinue implements ExecutionInterceptor {
    @Override
    public SdkHttpRequest modifyHttpRequest(
            Context.ModifyHttpRequest context, ExecutionAttributes executionAttributes) {
        SdkHttpRequest request = context.httpRequest();
        return request.firstMatchingHeader("Expect").isPresent()
                ? request.toBuilder().removeHeader("Expect").build()
                : request;
    }
}
