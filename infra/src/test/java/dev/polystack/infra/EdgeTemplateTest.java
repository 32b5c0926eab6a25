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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The API's CloudFront distribution, as `cdk synth` writes it and as template.yaml's edge block says it,
 * each checked against {@link EdgePolicy}: only the catalogue's paths are cached, with a key of the
 * listing's query parameters and no header or cookie; everything else passes through uncached.
 */
class EdgeTemplateTest {
    static final String ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac";
    static final String CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";

    static PolystackStackTest.Synth cdkSynth;
    static JsonNode cdk;
    static JsonNode sam;

    @BeforeAll
    static void readBoth() throws IOException {
        cdkSynth = PolystackStackTest.synth(Map.of("stage", "dev"));
        cdk = cdkSynth.json();
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
                fallback.get("OriginRequestPolicyId").asText(),
                "every viewer header but Host: Authorization included, which no custom origin request policy can pass");
        assertTellsTheViewersAddress(template.get(), fallback);
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
            assertTellsTheViewersAddress(template.get(), behaviour);
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

    /** The behaviour runs the template's viewer-address function on each viewer request, and nothing else. */
    static void assertTellsTheViewersAddress(JsonNode template, JsonNode behaviour) {
        JsonNode associations = behaviour.get("FunctionAssociations");
        assertEquals(1, associations.size(), behaviour.toString());
        assertEquals("viewer-request", associations.get(0).get("EventType").asText());
        JsonNode arn = associations.get(0).get("FunctionARN");
        assertTrue(arn.has("Fn::GetAtt"), "the template's own function: " + arn);
        JsonNode function =
                template.get("Resources").get(arn.get("Fn::GetAtt").get(0).asText());
        assertEquals("AWS::CloudFront::Function", function.get("Type").asText());
        assertEquals(
                "cloudfront-js-2.0",
                function.get("Properties").get("FunctionConfig").get("Runtime").asText());
        assertTrue(function.get("Properties").get("AutoPublish").asBoolean(), "LIVE: the distribution runs it");
        assertEquals(
                EdgePolicy.VIEWER_ADDRESS_FUNCTION.strip(),
                function.get("Properties").get("FunctionCode").asText().strip(),
                "the code EdgePolicy defines");
    }

    /** The one Secrets Manager secret whose description names the edge's header. */
    static String edgeSecretId(JsonNode template) {
        List<String> found = new ArrayList<>();
        template.get("Resources").fields().forEachRemaining(resource -> {
            if ("AWS::SecretsManager::Secret"
                            .equals(resource.getValue().path("Type").asText())
                    && resource.getValue()
                            .path("Properties")
                            .path("Description")
                            .asText()
                            .contains(EdgePolicy.ORIGIN_SECRET_HEADER)) {
                found.add(resource.getKey());
                assertTrue(
                        resource.getValue()
                                        .path("Properties")
                                        .path("GenerateSecretString")
                                        .path("PasswordLength")
                                        .asInt()
                                >= 32,
                        "generated at deploy, long enough not to be guessed");
            }
        });
        assertEquals(1, found.size(), "one generated edge secret: " + found);
        return found.get(0);
    }

    /** Whether a template value is a Secrets Manager dynamic reference to that secret (CDK passes it into the nested stack by parameter). */
    static boolean resolvesSecret(JsonNode value, String secretId) {
        String text = value.toString();
        return text.contains("{{resolve:secretsmanager:")
                && text.contains(":SecretString")
                && (text.contains("\"" + secretId + "\"")
                        || text.contains("${" + secretId + "}")
                        || text.matches(".*referenceto\\w*EdgeOriginSecret\\w*Ref.*"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("templates")
    void theDistributionSendsTheApiTheGeneratedSecret(String name, java.util.function.Supplier<JsonNode> template) {
        String secret = edgeSecretId(template.get());
        JsonNode headers = apiDistribution(template.get()).get("Origins").get(0).get("OriginCustomHeaders");
        assertEquals(1, headers.size(), headers.toString());
        assertEquals(
                EdgePolicy.ORIGIN_SECRET_HEADER,
                headers.get(0).get("HeaderName").asText());
        assertTrue(
                resolvesSecret(headers.get(0).get("HeaderValue"), secret),
                "the value is resolved from the secret at deploy, never written in the template: " + headers);
    }

    @Test
    void everyCdkFunctionKnowsTheSecretItsRequestsCarry() {
        String secret = edgeSecretId(cdk);
        Map<String, JsonNode> functions = PolystackStackTest.ourFunctions(cdkSynth);
        assertTrue(!functions.isEmpty());
        functions.forEach((id, function) -> assertTrue(
                resolvesSecret(
                        function.path("Properties")
                                .path("Environment")
                                .path("Variables")
                                .path(EdgePolicy.ORIGIN_SECRET_VARIABLE),
                        secret),
                id + " has no " + EdgePolicy.ORIGIN_SECRET_VARIABLE + " from the edge secret"));
    }

    @Test
    void everySamFunctionKnowsTheSecretItsRequestsCarry() {
        String secret = edgeSecretId(sam);
        assertTrue(resolvesSecret(
                sam.path("Globals")
                        .path("Function")
                        .path("Environment")
                        .path("Variables")
                        .path(EdgePolicy.ORIGIN_SECRET_VARIABLE),
                secret));
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
