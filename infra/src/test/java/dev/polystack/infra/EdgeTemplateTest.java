package dev.polystack.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystack.app.EdgePolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The API's CloudFront distribution, as `cdk synth` writes it and as template.yaml's edge block says it,
 * each checked against {@link EdgePolicy}: only the catalogue's paths are cached, with a key of the
 * listing's query parameters and no header or cookie; everything else passes through uncached.
 */
class EdgeTemplateTest {
    static final String CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
    static final String ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

    static JsonNode cdk;
    static JsonNode sam;

    @BeforeAll
    static void readBoth() throws IOException {
        cdk = PolystackStackTest.synth(Map.of("stage", "dev")).json();
        sam = TemplateGraph.parse(Files.readString(ContractsAgreeTest.ROOT.resolve("template.yaml")));
    }

    static Stream<Arguments> templates() {
        return Stream.of(
                Arguments.of("cdk", (java.util.function.Supplier<JsonNode>) () -> cdk),
                Arguments.of("sam", (java.util.function.Supplier<JsonNode>) () -> sam));
    }

    /** The one distribution whose origin is the HTTP API (the images' distribution reads S3). */
    static JsonNode apiDistribution(JsonNode template) {
        List<JsonNode> found = new ArrayList<>();
        template.get("Resources").forEach(resource -> {
            if ("AWS::CloudFront::Distribution".equals(resource.path("Type").asText())
                    && resource.path("Properties")
                            .path("DistributionConfig")
                            .path("Origins")
                            .get(0)
                            .has("CustomOriginConfig")) {
                found.add(resource.get("Properties").get("DistributionConfig"));
            }
        });
        assertEquals(1, found.size(), "one distribution in front of the API");
        return found.get(0);
    }

    static JsonNode cachePolicy(JsonNode template, JsonNode id) {
        assertTrue(id.has("Ref"), "the catalogue's cache policy is the template's own: " + id);
        return template.get("Resources")
                .get(id.get("Ref").asText())
                .get("Properties")
                .get("CachePolicyConfig");
    }

    static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("templates")
    void theOriginIsTheHttpApiOverHttps(String name, java.util.function.Supplier<JsonNode> template) {
        JsonNode origin = apiDistribution(template.get()).get("Origins").get(0);
        assertTrue(origin.get("DomainName").toString().contains("execute-api"), origin.toString());
        assertEquals(
                "https-only",
                origin.get("CustomOriginConfig").get("OriginProtocolPolicy").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("templates")
    void everythingButTheCatalogueIsPassedThroughUncachedWithTheWholeRequest(
            String name, java.util.function.Supplier<JsonNode> template) {
        JsonNode fallback = apiDistribution(template.get()).get("DefaultCacheBehavior");
        assertEquals(CACHING_DISABLED, fallback.get("CachePolicyId").asText());
        assertEquals(
                ALL_VIEWER_EXCEPT_HOST_HEADER,
                fallback.get("OriginRequestPolicyId").asText());
        assertEquals(CatalogEdge.ALL_METHODS, texts(fallback.get("AllowedMethods")));
        assertEquals("https-only", fallback.get("ViewerProtocolPolicy").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("templates")
    void onlyTheCataloguesPathsAreCachedAndOnlyTheirReads(String name, java.util.function.Supplier<JsonNode> template) {
        EdgePolicy policy = EdgePolicy.DEFAULT;
        JsonNode behaviours = apiDistribution(template.get()).get("CacheBehaviors");
        List<String> patterns = new ArrayList<>();
        for (JsonNode behaviour : behaviours) {
            patterns.add(behaviour.get("PathPattern").asText());
            assertEquals(policy.cachedMethods(), texts(behaviour.get("CachedMethods")));
            assertEquals(
                    CatalogEdge.ALL_METHODS,
                    texts(behaviour.get("AllowedMethods")),
                    "a behaviour matches paths, not methods: the administrators' writes pass through it uncached");
            assertEquals(
                    ALL_VIEWER_EXCEPT_HOST_HEADER,
                    behaviour.get("OriginRequestPolicyId").asText());
            JsonNode cache = cachePolicy(template.get(), behaviour.get("CachePolicyId"));
            JsonNode key = cache.get("ParametersInCacheKeyAndForwardedToOrigin");
            assertEquals(
                    "whitelist",
                    key.get("QueryStringsConfig").get("QueryStringBehavior").asText());
            assertEquals(
                    policy.queryParametersInKey(),
                    texts(key.get("QueryStringsConfig").get("QueryStrings")));
            assertEquals(
                    "whitelist", key.get("HeadersConfig").get("HeaderBehavior").asText());
            assertEquals(
                    policy.headersInKey(),
                    texts(key.get("HeadersConfig").get("Headers")).stream()
                            .map(String::toLowerCase)
                            .toList(),
                    "Origin only: never Authorization");
            assertEquals("none", key.get("CookiesConfig").get("CookieBehavior").asText());
            assertEquals(policy.minTtlSeconds(), cache.get("MinTTL").asInt());
            assertEquals(policy.defaultTtlSeconds(), cache.get("DefaultTTL").asInt());
            assertEquals(policy.maxTtlSeconds(), cache.get("MaxTTL").asInt());
        }
        assertEquals(policy.pathPatterns(), patterns);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("templates")
    void noErrorIsKeptAtTheEdge(String name, java.util.function.Supplier<JsonNode> template) {
        List<Integer> codes = new ArrayList<>();
        for (JsonNode error : apiDistribution(template.get()).get("CustomErrorResponses")) {
            codes.add(error.get("ErrorCode").asInt());
            assertEquals(0, error.get("ErrorCachingMinTTL").asInt());
            assertTrue(!error.has("ResponsePagePath"), "the API's own error bodies reach the client");
        }
        assertEquals(EdgePolicy.ERROR_CODES, codes);
    }
}
