package dev.polystack.infra;

import dev.polystack.app.EdgePolicy;
import io.github.cdklabs.cdknag.NagPackSuppression;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.cloudfront.CacheCookieBehavior;
import software.amazon.awscdk.services.cloudfront.CacheHeaderBehavior;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.CacheQueryStringBehavior;
import software.amazon.awscdk.services.cloudfront.CfnDistribution;
import software.amazon.awscdk.services.cloudfront.OriginRequestPolicy;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The API behind CloudFront (docs/edge.md), from {@link EdgePolicy}: the origin is the HTTP API; the
 * catalogue's paths get a cache behaviour of their own whose cache policy keys on the listing's query
 * parameters and {@code Origin} (CORS: see {@link EdgePolicy}), never {@code Authorization} or a cookie, and every other path the default behaviour, which caches nothing
 * (managed CachingDisabled). Both forward the whole viewer request except Host (managed
 * AllViewerExceptHostHeader, which includes {@code Authorization} and CloudFront's viewer headers) so
 * every route works through the distribution: a cache behaviour matches paths, not methods, so the
 * catalogue's behaviour also carries the administrators' POST and PATCH, which it never caches
 * (CachedMethods GET, HEAD).
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-origin-request-policies.html
 */
final class CatalogEdge extends Construct {
    static final String ORIGIN = "http-api";
    static final List<String> ALL_METHODS = List.of("GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE");

    final CachePolicy cataloguePolicy;
    final CfnDistribution distribution;

    CatalogEdge(Construct scope, String id, DeploymentStage stage, HttpApi api, IBucket accessLogs) {
        this(scope, id, stage, api, accessLogs, EdgePolicy.DEFAULT);
    }

    CatalogEdge(Construct scope, String id, DeploymentStage stage, HttpApi api, IBucket accessLogs, EdgePolicy policy) {
        super(scope, id);
        Stack stack = Stack.of(this);
        cataloguePolicy = CachePolicy.Builder.create(this, "CataloguePolicy")
                .cachePolicyName("polystack-" + stage.id() + "-catalogue-" + stack.getRegion())
                .comment(
                        "The public catalogue: keyed on the listing's query parameters and Origin, never Authorization or a cookie")
                .minTtl(Duration.seconds(policy.minTtlSeconds()))
                .defaultTtl(Duration.seconds(policy.defaultTtlSeconds()))
                .maxTtl(Duration.seconds(policy.maxTtlSeconds()))
                .queryStringBehavior(CacheQueryStringBehavior.allowList(
                        policy.queryParametersInKey().toArray(String[]::new)))
                .headerBehavior(
                        policy.headersInKey().isEmpty()
                                ? CacheHeaderBehavior.none()
                                : CacheHeaderBehavior.allowList(
                                        policy.headersInKey().toArray(String[]::new)))
                .cookieBehavior(
                        policy.cookiesInKey().isEmpty()
                                ? CacheCookieBehavior.none()
                                : CacheCookieBehavior.allowList(
                                        policy.cookiesInKey().toArray(String[]::new)))
                .enableAcceptEncodingGzip(true)
                .enableAcceptEncodingBrotli(true)
                .build();
        String forwardEverythingButHost = OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.getOriginRequestPolicyId();
        distribution = CfnDistribution.Builder.create(this, "Distribution")
                .distributionConfig(CfnDistribution.DistributionConfigProperty.builder()
                        .enabled(true)
                        .comment("polystack " + stage.id() + ": the API, the catalogue cached")
                        .httpVersion("http2and3")
                        .priceClass("PriceClass_100")
                        .origins(List.of(CfnDistribution.OriginProperty.builder()
                                .id(ORIGIN)
                                .domainName(api.getApiId() + ".execute-api." + stack.getRegion() + "."
                                        + stack.getUrlSuffix())
                                .customOriginConfig(CfnDistribution.CustomOriginConfigProperty.builder()
                                        .originProtocolPolicy("https-only")
                                        .originSslProtocols(List.of("TLSv1.2"))
                                        .build())
                                .build()))
                        .defaultCacheBehavior(CfnDistribution.DefaultCacheBehaviorProperty.builder()
                                .targetOriginId(ORIGIN)
                                // An API: a redirect would lose a POST's body.
                                .viewerProtocolPolicy("https-only")
                                .allowedMethods(ALL_METHODS)
                                .cachedMethods(List.of("GET", "HEAD"))
                                .cachePolicyId(CachePolicy.CACHING_DISABLED.getCachePolicyId())
                                .originRequestPolicyId(forwardEverythingButHost)
                                .compress(false)
                                .build())
                        .cacheBehaviors(policy.pathPatterns().stream()
                                .map(pattern -> CfnDistribution.CacheBehaviorProperty.builder()
                                        .pathPattern(pattern)
                                        .targetOriginId(ORIGIN)
                                        .viewerProtocolPolicy("https-only")
                                        .allowedMethods(ALL_METHODS)
                                        .cachedMethods(policy.cachedMethods())
                                        .cachePolicyId(cataloguePolicy.getCachePolicyId())
                                        .originRequestPolicyId(forwardEverythingButHost)
                                        .compress(true)
                                        .build())
                                .toList())
                        .customErrorResponses(EdgePolicy.ERROR_CODES.stream()
                                .map(code -> CfnDistribution.CustomErrorResponseProperty.builder()
                                        .errorCode(code)
                                        .errorCachingMinTtl(0)
                                        .build())
                                .toList())
                        .logging(CfnDistribution.LoggingProperty.builder()
                                .bucket(accessLogs.getBucketDomainName())
                                .prefix("api-cdn/")
                                .build())
                        .build())
                .build();
        io.github.cdklabs.cdknag.NagSuppressions.addResourceSuppressions(
                distribution,
                List.of(
                        suppress("AwsSolutions-CFR1", "The API serves shoppers anywhere; it has no country to fence."),
                        suppress(
                                "AwsSolutions-CFR2",
                                "The API's own limits (per-account and per-address login limits, stage and route throttles) stay "
                                        + "in force behind the distribution; a WAF web ACL is a deployment's choice (a monthly cost)."),
                        suppress(
                                "AwsSolutions-CFR4",
                                "The default *.cloudfront.net certificate, whose minimum viewer protocol CloudFront fixes; a custom "
                                        + "domain with TLSv1.2_2021 is a deployment choice. Viewers must use HTTPS.")));
        CfnOutput.Builder.create(stack, "EdgeUrl")
                .value("https://" + distribution.getAttrDomainName())
                .description(
                        "The API through CloudFront: the catalogue cached at the edge, everything else passed through")
                .build();
    }

    private static NagPackSuppression suppress(String id, String reason) {
        return NagPackSuppression.builder().id(id).reason(reason).build();
    }
}
