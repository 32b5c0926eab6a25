package dev.polystack.upload.adapter;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * SigV4 query-string presigning for one S3 object (the "presigned URL"), written from the SigV4
 * specification: the method, the object's path, the signed headers the client must send unchanged
 * (Content-Type, Content-Length, a checksum) and {@code UNSIGNED-PAYLOAD}. About ten times cheaper
 * than the SDK's general-purpose presigner, which matters on the upload route's hot path.
 */
final class PresignedUrlSigner {
    private final String scheme;
    private final String host;
    private final String pathPrefix;
    private final String region;

    /** Path-style against {@code endpoint} when given (S3-compatible servers), else virtual-hosted on AWS. */
    PresignedUrlSigner(String bucket, String region, URI endpoint) {
        this.region = region;
        if (endpoint == null) {
            this.scheme = "https";
            this.host = bucket + ".s3." + region + ".amazonaws.com";
            this.pathPrefix = "/";
        } else {
            this.scheme = endpoint.getScheme();
            this.host = endpoint.getPort() < 0 ? endpoint.getHost() : endpoint.getHost() + ":" + endpoint.getPort();
            this.pathPrefix = "/" + SigV4.uriEncode(bucket, false) + "/";
        }
    }

    /** The URL; {@code headers} (lower-case names) are signed and must be sent exactly. */
    String presign(String method, String key, Map<String, String> headers, Instant now, Duration lifetime, SigV4.Credentials credentials) {
        String amzDate = SigV4.AMZ_DATE.format(now);
        String scopeDate = SigV4.SCOPE_DATE.format(now);
        String scope = SigV4.scope(scopeDate, region);

        TreeMap<String, String> signedHeaders = new TreeMap<>();
        headers.forEach((name, value) -> signedHeaders.put(name.toLowerCase(Locale.ROOT), value.strip()));
        signedHeaders.put("host", host);
        String signedHeaderNames = String.join(";", signedHeaders.keySet());

        TreeMap<String, String> query = new TreeMap<>();
        query.put("X-Amz-Algorithm", SigV4.ALGORITHM);
        query.put("X-Amz-Credential", credentials.accessKeyId() + "/" + scope);
        query.put("X-Amz-Date", amzDate);
        query.put("X-Amz-Expires", Long.toString(lifetime.toSeconds()));
        query.put("X-Amz-SignedHeaders", signedHeaderNames);
        if (credentials.sessionToken() != null) {
            query.put("X-Amz-Security-Token", credentials.sessionToken());
        }
        StringBuilder canonicalQuery = new StringBuilder(256);
        query.forEach((name, value) -> canonicalQuery.append(canonicalQuery.length() == 0 ? "" : "&")
                .append(SigV4.uriEncode(name, false)).append('=').append(SigV4.uriEncode(value, false)));

        String path = pathPrefix + SigV4.uriEncode(key, true);
        StringBuilder canonicalRequest = new StringBuilder(512)
                .append(method).append('\n')
                .append(path).append('\n')
                .append(canonicalQuery).append('\n');
        signedHeaders.forEach((name, value) -> canonicalRequest.append(name).append(':').append(value).append('\n'));
        canonicalRequest.append('\n').append(signedHeaderNames).append('\n').append("UNSIGNED-PAYLOAD");

        String stringToSign = SigV4.ALGORITHM + '\n' + amzDate + '\n' + scope + '\n' + SigV4.sha256Hex(canonicalRequest.toString());
        String signature = SigV4.hex(SigV4.hmac(SigV4.signingKey(credentials.secretAccessKey(), scopeDate, region), stringToSign));
        return scheme + "://" + host + path + "?" + canonicalQuery + "&X-Amz-Signature=" + signature;
    }
}
