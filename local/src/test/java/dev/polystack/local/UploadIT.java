package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystack.upload.SignedUpload;
import dev.polystack.upload.adapter.S3UploadSigner;
import dev.polystack.upload.handler.UploadCompletedHandler;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Uploads against S3Proxy, which checks signatures and POST policies like S3. */
class UploadIT {
    static final byte[] PNG = "\u0089PNG fake image bytes for the test".getBytes(StandardCharsets.ISO_8859_1);

    static JsonNode create(String token, String json) {
        HttpResponse<String> response = UserSessionIT.withToken("POST", "/uploads", token, json);
        assertEquals(201, response.statusCode(), response.body());
        return UserSessionIT.json(response);
    }

    static JsonNode createPut(String token, String contentType, int length) {
        return create(
                token,
                "{\"fileName\":\"photo.png\",\"contentType\":\"" + contentType + "\",\"contentLength\":" + length
                        + ",\"method\":\"PUT\"}");
    }

    static JsonNode createPost(String token, String contentType, int length) {
        return create(
                token,
                "{\"fileName\":\"scan.pdf\",\"contentType\":\"" + contentType + "\",\"contentLength\":" + length
                        + ",\"method\":\"POST\"}");
    }

    static int put(String url, String contentType, byte[] body) {
        return SharedBackend.send(HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", contentType)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body)))
                .statusCode();
    }

    static int put(String url, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        headers.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("content-length")) {
                request.header(name, value);
            }
        });
        return SharedBackend.send(request.PUT(HttpRequest.BodyPublishers.ofByteArray(body)))
                .statusCode();
    }

    /** A browser-style multipart/form-data POST: the policy fields, then the file. */
    static int post(String url, Map<String, String> fields, String fileContentType, byte[] file) {
        String boundary = "----polystack" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        fields.forEach((name, value) -> body.writeBytes(
                ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
                        .getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(("--" + boundary
                        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"scan.pdf\"\r\nContent-Type: "
                        + fileContentType + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return SharedBackend.send(HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())))
                .statusCode();
    }

    static Map<String, String> fields(JsonNode upload) {
        Map<String, String> fields = new LinkedHashMap<>();
        upload.get("fields")
                .fields()
                .forEachRemaining(f -> fields.put(f.getKey(), f.getValue().asText()));
        return fields;
    }

    static Map<String, String> headers(JsonNode upload) {
        Map<String, String> headers = new LinkedHashMap<>();
        upload.get("headers")
                .fields()
                .forEachRemaining(f -> headers.put(f.getKey(), f.getValue().asText()));
        return headers;
    }

    static JsonNode awaitStatus(String token, String uploadId, String status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode view;
        do {
            HttpResponse<String> response = UserSessionIT.withToken("GET", "/uploads/" + uploadId, token, null);
            assertEquals(200, response.statusCode(), response.body());
            view = UserSessionIT.json(response);
            if (status.equals(view.get("status").asText())) {
                return view;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(
                "upload " + uploadId + " stayed " + view.get("status").asText() + ", expected " + status);
    }

    static S3Client s3() {
        return SharedBackend.get().app().clients().s3();
    }

    static boolean stored(String key) {
        try {
            s3().headObject(b -> b.bucket(LocalBackend.BUCKET).key(key));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    static byte[] download(String url) {
        return SharedBackend.sendBytes(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    static S3UploadSigner signer() {
        LocalBackend backend = SharedBackend.get();
        return new S3UploadSigner(
                backend.app().clients().s3Presigner(),
                backend.app().clients().s3().utilities(),
                StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LocalBackend.ACCESS_KEY, LocalBackend.SECRET_KEY)),
                LocalBackend.BUCKET,
                LocalBackend.REGION);
    }

    @Test
    void putUploadBecomesAvailableAndDownloadsTheSameBytes() throws Exception {
        String token = OrderIT.user();
        JsonNode upload = createPut(token, "image/png", PNG.length);
        assertEquals("PUT", upload.get("method").asText());
        assertTrue(upload.get("key").asText().startsWith("uploads/"));
        assertFalse(upload.get("key").asText().contains("photo.png"), "the file name is never part of the key");
        assertEquals(200, put(upload.get("url").asText(), headers(upload), PNG));
        JsonNode view = awaitStatus(token, upload.get("uploadId").asText(), "AVAILABLE");
        assertArrayEquals(PNG, download(view.get("downloadUrl").asText()));
    }

    @Test
    void browserPostUploadBecomesAvailable() throws Exception {
        String token = OrderIT.user();
        byte[] pdf = "%PDF-1.7 a small test document".getBytes(StandardCharsets.US_ASCII);
        JsonNode upload = createPost(token, "application/pdf", pdf.length);
        assertEquals(204, post(upload.get("url").asText(), fields(upload), "application/pdf", pdf));
        JsonNode view = awaitStatus(token, upload.get("uploadId").asText(), "AVAILABLE");
        assertArrayEquals(pdf, download(view.get("downloadUrl").asText()));
    }

    @Test
    void s3RefusesWhatTheSignatureDoesNotAllowAndStoresNothing() throws Exception {
        String token = OrderIT.user();

        JsonNode wrongType = createPut(token, "image/png", PNG.length);
        assertEquals(403, put(wrongType.get("url").asText(), "image/jpeg", PNG), "PUT with another Content-Type");
        assertFalse(stored(wrongType.get("key").asText()));

        JsonNode movedPut = createPut(token, "image/png", PNG.length);
        String otherKey = movedPut.get("key")
                        .asText()
                        .replaceAll(".$", "0")
                        .equals(movedPut.get("key").asText())
                ? movedPut.get("key").asText().replaceAll(".$", "1")
                : movedPut.get("key").asText().replaceAll(".$", "0");
        assertEquals(
                403,
                put(
                        movedPut.get("url").asText().replace(movedPut.get("key").asText(), otherKey),
                        headers(movedPut),
                        PNG),
                "PUT URL with a changed key");
        assertFalse(stored(otherKey));

        JsonNode tamperedPut = createPut(token, "image/png", PNG.length);
        String url = tamperedPut.get("url").asText();
        int at = url.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length();
        assertEquals(
                403,
                put(
                        url.substring(0, at) + (url.charAt(at) == 'a' ? 'b' : 'a') + url.substring(at + 1),
                        headers(tamperedPut),
                        PNG));
        assertFalse(stored(tamperedPut.get("key").asText()));

        byte[] pdf = "%PDF-1.7 refused".getBytes(StandardCharsets.US_ASCII);
        JsonNode postType = createPost(token, "application/pdf", pdf.length);
        Map<String, String> otherType = fields(postType);
        otherType.put("Content-Type", "text/html");
        assertEquals(
                403, post(postType.get("url").asText(), otherType, "text/html", pdf), "POST with another Content-Type");
        assertFalse(stored(postType.get("key").asText()));

        JsonNode postKey = createPost(token, "application/pdf", pdf.length);
        Map<String, String> movedFields = fields(postKey);
        movedFields.put("key", "uploads/someone-else/" + postKey.get("uploadId").asText());
        assertEquals(
                403,
                post(postKey.get("url").asText(), movedFields, "application/pdf", pdf),
                "policy with a changed key");
        assertFalse(stored(movedFields.get("key")));

        JsonNode postSig = createPost(token, "application/pdf", pdf.length);
        Map<String, String> badSignature = fields(postSig);
        String signature = badSignature.get("x-amz-signature");
        badSignature.put("x-amz-signature", (signature.charAt(0) == 'a' ? "b" : "a") + signature.substring(1));
        assertEquals(
                403,
                post(postSig.get("url").asText(), badSignature, "application/pdf", pdf),
                "POST with a tampered signature");
        assertFalse(stored(postSig.get("key").asText()));
    }

    @Test
    void aPostOverTheSizeRangeIsRefused() {
        String token = OrderIT.user();
        long max = SharedBackend.get().app().uploads().policy().maxBytes();
        JsonNode upload = createPost(token, "application/pdf", 1);
        byte[] tooBig = new byte[(int) max + 1];
        int status = post(upload.get("url").asText(), fields(upload), "application/pdf", tooBig);
        assertTrue(status >= 400 && status < 500, "status " + status);
        assertFalse(stored(upload.get("key").asText()));
    }

    @Test
    void expiredUrlsAndPoliciesAreRefused() throws Exception {
        S3UploadSigner signer = signer();
        String putKey = "uploads/" + UUID.randomUUID() + "/expired-put";
        SignedUpload put = signer.signPut(putKey, "image/png", PNG.length, null, Instant.now(), Duration.ofSeconds(1));
        String postKey = "uploads/" + UUID.randomUUID() + "/expired-post";
        SignedUpload post =
                signer.signPost(postKey, "image/png", 1024, Instant.now().minusSeconds(120), Duration.ofSeconds(60));
        Thread.sleep(2_100);
        assertEquals(403, put(put.url(), put.headers(), PNG));
        assertFalse(stored(putKey));
        assertEquals(403, post(post.url(), post.fields(), "image/png", PNG));
        assertFalse(stored(postKey));
    }

    @Test
    void anObjectThatDoesNotMatchItsRecordIsRejectedAndDeleted() throws Exception {
        String token = OrderIT.user();
        byte[] half = new byte[50];
        JsonNode shortPost = createPost(token, "application/pdf", 100);
        assertEquals(
                204,
                post(shortPost.get("url").asText(), fields(shortPost), "application/pdf", half),
                "inside the policy's range, S3 takes it");
        JsonNode rejected = awaitStatus(token, shortPost.get("uploadId").asText(), "REJECTED");
        assertTrue(rejected.get("rejectionReason").asText().contains("size"));
        assertFalse(rejected.has("downloadUrl"));
        assertFalse(stored(shortPost.get("key").asText()));

        JsonNode typed = createPut(token, "image/png", PNG.length);
        s3().putObject(
                        b -> b.bucket(LocalBackend.BUCKET)
                                .key(typed.get("key").asText())
                                .contentType("text/plain"),
                        RequestBody.fromBytes(PNG));
        JsonNode wrongType = awaitStatus(token, typed.get("uploadId").asText(), "REJECTED");
        assertTrue(wrongType.get("rejectionReason").asText().contains("content type"));
        assertFalse(stored(typed.get("key").asText()));
    }

    @Test
    void aDeclaredChecksumIsEnforced() throws Exception {
        String token = OrderIT.user();
        String checksum = Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(PNG));
        JsonNode good = create(
                token,
                "{\"fileName\":\"a.png\",\"contentType\":\"image/png\",\"contentLength\":" + PNG.length
                        + ",\"method\":\"PUT\",\"checksumSha256\":\"" + checksum + "\"}");
        assertEquals(checksum, headers(good).get("x-amz-checksum-sha256"), "the checksum is a signed header");
        assertEquals(200, put(good.get("url").asText(), headers(good), PNG));
        awaitStatus(token, good.get("uploadId").asText(), "AVAILABLE");

        JsonNode bad = create(
                token,
                "{\"fileName\":\"b.png\",\"contentType\":\"image/png\",\"contentLength\":" + PNG.length
                        + ",\"method\":\"PUT\",\"checksumSha256\":\"" + checksum + "\"}");
        byte[] other = PNG.clone();
        other[0] ^= 1;
        int status = put(bad.get("url").asText(), headers(bad), other);
        if (status == 200) {
            awaitStatus(token, bad.get("uploadId").asText(), "REJECTED");
        } else {
            assertTrue(status >= 400 && status < 500, "status " + status);
        }
        assertFalse(stored(bad.get("key").asText()));
    }

    @Test
    void anotherUserGets404AndNeverSeesTheKeys() {
        String alice = OrderIT.user();
        String bob = OrderIT.user();
        JsonNode upload = createPut(alice, "image/png", PNG.length);
        HttpResponse<String> peek = UserSessionIT.withToken(
                "GET", "/uploads/" + upload.get("uploadId").asText(), bob, null);
        assertEquals(404, peek.statusCode());
        assertFalse(peek.body().contains(upload.get("key").asText()));
        HttpResponse<String> list = UserSessionIT.withToken("GET", "/uploads", bob, null);
        assertFalse(list.body().contains(upload.get("uploadId").asText()));
    }

    @Test
    void creatingAnUploadIsOneDynamoCallAndNoS3Call() {
        String token = OrderIT.user();
        SharedBackend.CALLS.reset();
        createPost(token, "image/png", 10);
        createPut(token, "image/png", 10);
        assertEquals(
                List.of("DynamoDb.GetItem", "DynamoDb.PutItem", "DynamoDb.GetItem", "DynamoDb.PutItem"),
                SharedBackend.CALLS.calls(),
                "per request: the authorizer's GetItem and one PutItem; signing is local");
    }

    @Test
    void listsNewestFirstWithACursorAndShowsPendingUploadsOnTheProfile() {
        String token = OrderIT.user();
        String first = createPut(token, "image/png", 5).get("uploadId").asText();
        String second = createPut(token, "image/png", 6).get("uploadId").asText();
        String third = createPost(token, "application/pdf", 7).get("uploadId").asText();
        JsonNode page = UserSessionIT.json(UserSessionIT.withToken("GET", "/uploads?limit=2", token, null));
        assertEquals(third, page.get("items").get(0).get("uploadId").asText());
        assertEquals(second, page.get("items").get(1).get("uploadId").asText());
        JsonNode rest = UserSessionIT.json(UserSessionIT.withToken(
                "GET", "/uploads?limit=2&cursor=" + page.get("nextCursor").asText(), token, null));
        assertEquals(first, rest.get("items").get(0).get("uploadId").asText());
        assertEquals(
                400,
                UserSessionIT.withToken("GET", "/uploads?cursor=bm9wZQ", token, null)
                        .statusCode());

        JsonNode me = UserSessionIT.json(UserSessionIT.withToken("GET", "/users/me", token, null));
        assertEquals(3, me.get("pendingUploads").size());
    }

    @Test
    void duplicateEventsChangeNothingAndOrphansAreDeleted() throws Exception {
        String token = OrderIT.user();
        JsonNode upload = createPut(token, "image/png", PNG.length);
        assertEquals(200, put(upload.get("url").asText(), headers(upload), PNG));
        awaitStatus(token, upload.get("uploadId").asText(), "AVAILABLE");
        UploadCompletedHandler handler =
                new UploadCompletedHandler(SharedBackend.get().app().uploads());
        JsonNode again = invoke(handler, upload.get("key").asText());
        assertEquals("ALREADY_DONE", again.get("results").get(0).get("outcome").asText());
        assertTrue(stored(upload.get("key").asText()));

        String orphan = "uploads/" + UUID.randomUUID() + "/0123456789abcdef01234567";
        s3().putObject(
                        b -> b.bucket(LocalBackend.BUCKET).key(orphan).contentType("image/png"),
                        RequestBody.fromBytes(PNG));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (stored(orphan) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(stored(orphan), "an object with no record is deleted");
    }

    @Test
    void badUploadRequestsAre400AndNothingIsWritten() {
        String token = OrderIT.user();
        int before = UserSessionIT.itemCount();
        Map<String, String> cases = Map.of(
                "{\"fileName\":\"a.exe\",\"contentType\":\"application/x-msdownload\",\"contentLength\":10,\"method\":\"PUT\"}",
                "UNSUPPORTED_CONTENT_TYPE",
                "{\"fileName\":\"a.png\",\"contentType\":\"image/png\",\"contentLength\":0,\"method\":\"PUT\"}",
                "INVALID_CONTENT_LENGTH",
                "{\"fileName\":\"a.png\",\"contentType\":\"image/png\",\"contentLength\":-5,\"method\":\"PUT\"}",
                "INVALID_CONTENT_LENGTH",
                "{\"fileName\":\"a.png\",\"contentType\":\"image/png\",\"contentLength\":10485761,\"method\":\"PUT\"}",
                "INVALID_CONTENT_LENGTH",
                "{\"fileName\":\"a.png\",\"contentType\":\"image/png\",\"contentLength\":\"ten\",\"method\":\"PUT\"}",
                "INVALID_FIELD_TYPE",
                "{\"fileName\":\"a\\u0000.png\",\"contentType\":\"image/png\",\"contentLength\":10,\"method\":\"PUT\"}",
                "INVALID_FILE_NAME",
                "{\"fileName\":\"" + "n".repeat(256)
                        + "\",\"contentType\":\"image/png\",\"contentLength\":10,\"method\":\"PUT\"}",
                "INVALID_FILE_NAME",
                "{\"fileName\":\"a.png\",\"contentType\":\"image/png\",\"contentLength\":10,\"method\":\"PATCH\"}",
                "INVALID_METHOD",
                "{\"fileName\":\"a.png\",\"contentType\":\"image/png\",\"contentLength\":10,\"method\":\"PUT\",\"checksumSha256\":\"abc\"}",
                "INVALID_CHECKSUM");
        cases.forEach((body, code) -> {
            HttpResponse<String> response = UserSessionIT.withToken("POST", "/uploads", token, body);
            assertEquals(400, response.statusCode(), body);
            assertEquals(
                    code, UserSessionIT.json(response).get("error").get("code").asText(), body);
        });
        assertEquals(before, UserSessionIT.itemCount(), "nothing written");
    }

    static JsonNode invoke(UploadCompletedHandler handler, String key) throws Exception {
        byte[] event = dev.polystack.local.s3.S3EventFactory.eventJson(
                new dev.polystack.local.s3.ObjectCreated(
                        "ObjectCreated:Put", LocalBackend.BUCKET, key, PNG.length, "etag"),
                LocalBackend.REGION);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new java.io.ByteArrayInputStream(event), out, null);
        return UserSessionIT.JSON.readTree(out.toByteArray());
    }
}
