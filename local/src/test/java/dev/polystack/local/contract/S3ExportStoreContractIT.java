package dev.polystack.local.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystack.local.SharedBackend;
import dev.polystack.user.AccountExport;
import dev.polystack.user.ExportStore;
import dev.polystack.user.ExportStoreContract;
import dev.polystack.user.adapter.S3ExportStore;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/** The export store's contract against its S3 adapter on S3Proxy: each URL is fetched as a browser would. */
class S3ExportStoreContractIT extends ExportStoreContract {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ExportStore store =
            new S3ExportStore(LocalStores.clients().s3(), LocalStores.clients().s3Presigner(), LocalStores.BUCKET);

    @Override
    protected ExportStore store() {
        return store;
    }

    @Override
    protected Optional<AccountExport> download(String url) {
        HttpResponse<String> response = SharedBackend.send(HttpRequest.newBuilder(URI.create(url)));
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + url + ": " + response.statusCode() + " " + response.body());
        }
        try {
            return Optional.of(JSON.readValue(response.body(), AccountExport.class));
        } catch (JsonProcessingException e) {
            throw new AssertionError("not an export document: " + response.body(), e);
        }
    }
}
