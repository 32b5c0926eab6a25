package dev.polystack.shared;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Configuration from environment variables: the AWS SDK's standard names for region and endpoints
 * ({@code AWS_REGION}, {@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_DYNAMODB}, …) and this
 * backend's resource names. The same jar runs against AWS, LocalStack or the local stack.
 */
public record Settings(Map<String, String> env) {

    public Settings {
        env = Map.copyOf(env);
    }

    public static Settings fromProcess() {
        return new Settings(System.getenv());
    }

    public String region() {
        return optional("AWS_REGION").or(() -> optional("AWS_DEFAULT_REGION")).orElse("us-east-1");
    }

    public String tableName() {
        return required("TABLE_NAME");
    }

    public String bucketName() {
        return required("BUCKET_NAME");
    }

    /** The recovery ledger's own table (not the single table: a restore must not roll it back). */
    public String ledgerTableName() {
        return required("LEDGER_TABLE");
    }

    public String dbClusterArn() {
        return required("DB_CLUSTER_ARN");
    }

    public String dbSecretArn() {
        return required("DB_SECRET_ARN");
    }

    public String dbName() {
        return required("DB_NAME");
    }

    /** The endpoint for one service: {@code AWS_ENDPOINT_URL_<SERVICE>}, else {@code AWS_ENDPOINT_URL}. */
    public Optional<URI> endpoint(String serviceId) {
        return optional("AWS_ENDPOINT_URL_" + serviceId)
                .or(() -> optional("AWS_ENDPOINT_URL"))
                .map(URI::create);
    }

    public Duration duration(String name, Duration fallback) {
        return optional(name).map(Duration::parse).orElse(fallback);
    }

    public long number(String name, long fallback) {
        return optional(name).map(Long::parseLong).orElse(fallback);
    }

    public Optional<String> optional(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String required(String name) {
        return optional(name)
                .orElseThrow(() -> new IllegalStateException("environment variable " + name + " is not set"));
    }
}
