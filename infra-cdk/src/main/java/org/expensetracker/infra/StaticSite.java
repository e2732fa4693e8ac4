package org.expensetracker.infra;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.FunctionAssociation;
import software.amazon.awscdk.services.cloudfront.FunctionEventType;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.OriginProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.OriginRequestPolicy;
import software.amazon.awscdk.services.cloudfront.OriginSslPolicy;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.SecurityPolicyProtocol;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.HttpOrigin;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.assets.AssetOptions;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.CacheControl;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.constructs.Construct;

/**
 * The web app and the API on one origin: a private bucket served only by CloudFront (origin access control)
 * over HTTPS with security headers, filled with the repository's web/ directory, and {@code /api/*} sent to the
 * HTTP API uncached ({@link ApiPath} strips the prefix). config.json is not part of web/ here: {@link SiteConfig}
 * writes it, and this deployment neither uploads nor prunes it. web/vendor/ (the libraries npm ci installs from
 * web/package-lock.json at build time) is deployed with the site; npm's own files are not.
 */
final class StaticSite extends Construct {
    static final String CONFIG_JSON = "config.json";
    /**
     * npm's files in web/ (they install web/vendor/ at build time) and the unit tests of its modules (npm test):
     * no part of the site.
     */
    static final List<String> NOT_SITE = List.of("node_modules", "package.json", "package-lock.json", "test");
    static final String LOG_PREFIX = "cloudfront/";

    private final Bucket bucket;
    private final Distribution distribution;

    /**
     * @param apiDomain      the HTTP API's {@code <id>.execute-api.<region>.amazonaws.com}
     * @param receiptsBucket the receipts bucket's name, for the CSP
     * @param webAclArn      the AWS WAF web ACL (us-east-1) to associate, or {@code null}
     */
    StaticSite(Construct scope, String id, EnvironmentSettings settings, Path webDirectory, String apiDomain,
               String receiptsBucket, String webAclArn) {
        super(scope, id);
        bucket = PrivateBuckets.builder(this, "Bucket", settings).build();
        Nag.suppress(bucket, "AwsSolutions-S1",
                "The site bucket holds only the public static web app and is read solely by CloudFront through origin access"
                        + " control; every request for it is in the distribution's access log.");

        // CloudFront standard logs are written with an ACL grant to the log-delivery account, so this one bucket has
        // ACLs enabled (ObjectWriter); public access stays blocked. (Standard logging v2 needs no ACLs, but CloudFront's
        // log deliveries can only be set up in us-east-1, and this stack's region is the deployment's.)
        Bucket logs = Bucket.Builder.create(this, "AccessLogs")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .minimumTlsVersion(1.2)
                .encryption(BucketEncryption.S3_MANAGED) // CloudFront can only deliver into SSE-S3 buckets
                .objectOwnership(ObjectOwnership.OBJECT_WRITER)
                .versioned(false)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire-access-logs")
                        .expiration(Duration.days(settings.accessLogRetention().toDays()))
                        .build()))
                .removalPolicy(settings.removalPolicy())
                .autoDeleteObjects(settings.autoDeleteObjects())
                .build();
        Nag.suppress(logs, "AwsSolutions-S1",
                "This is the CloudFront access log destination; logging access to the log bucket itself would only log log deliveries.");

        ResponseHeadersPolicy headers = SecurityHeaders.policy(this, "SecurityHeaders", receiptsBucket);
        var builder = Distribution.Builder.create(this, "Distribution")
                .comment(settings.prefix() + " web app and API")
                .defaultRootObject("index.html")
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(S3BucketOrigin.withOriginAccessControl(bucket))
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .allowedMethods(AllowedMethods.ALLOW_GET_HEAD)
                        .cachePolicy(CachePolicy.CACHING_OPTIMIZED)
                        .responseHeadersPolicy(headers)
                        .compress(true)
                        .build())
                .additionalBehaviors(Map.of(ApiPath.PATH_PATTERN, BehaviorOptions.builder()
                        .origin(HttpOrigin.Builder.create(apiDomain)
                                .protocolPolicy(OriginProtocolPolicy.HTTPS_ONLY)
                                .originSslProtocols(List.of(OriginSslPolicy.TLS_V1_2))
                                .build())
                        // a redirect would turn a POST into a GET: API clients get HTTPS or nothing
                        .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                        .allowedMethods(AllowedMethods.ALLOW_ALL)
                        // nothing of the API is cached (every answer is per user); with caching disabled the
                        // all-viewer policy forwards the Authorization header too. Host stays the API's own, which
                        // API Gateway's default endpoint needs to find the API.
                        .cachePolicy(CachePolicy.CACHING_DISABLED)
                        .originRequestPolicy(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER)
                        .responseHeadersPolicy(headers)
                        .functionAssociations(List.of(FunctionAssociation.builder()
                                .eventType(FunctionEventType.VIEWER_REQUEST)
                                .function(ApiPath.stripPrefix(this, "StripApiPrefix", settings))
                                .build()))
                        .compress(true)
                        .build()))
                .httpVersion(HttpVersion.HTTP2_AND_3)
                .priceClass(PriceClass.PRICE_CLASS_100)
                .enableIpv6(true)
                .enableLogging(true)
                .logBucket(logs)
                .logFilePrefix(LOG_PREFIX)
                .logIncludesCookies(false);
        var domain = settings.customDomain();
        if (domain != null) {
            builder.domainNames(List.of(domain.domainName()))
                    .certificate(Certificate.fromCertificateArn(this, "Certificate", domain.certificateArn()))
                    .minimumProtocolVersion(SecurityPolicyProtocol.TLS_V1_2_2021);
        }
        if (webAclArn != null) {
            builder.webAclId(webAclArn);
        }
        distribution = builder.build();
        Nag.suppress(distribution, "AwsSolutions-CFR1",
                "A personal expense tracker is used wherever its owner travels: no geo restriction.");
        if (webAclArn == null) {
            Nag.suppress(distribution, "AwsSolutions-CFR2",
                    "AWS WAF is a per-environment setting (EnvironmentSettings.waf, on in prod) and off in " + settings.name()
                            + " to save its monthly fee; the API keeps its stage throttle and JWT authorizer.");
        }
        if (domain == null) {
            Nag.suppress(distribution, "AwsSolutions-CFR4",
                    "Without a custom domain the default *.cloudfront.net certificate is used, with which CloudFront does not"
                            + " allow choosing a minimum protocol version; a custom domain (EnvironmentSettings.customDomain) gets TLSv1.2_2021.");
        }

        LogGroup deploymentLogs = LogGroup.Builder.create(this, "ContentDeploymentLogs")
                .retention(settings.logRetention())
                .removalPolicy(settings.removalPolicy())
                .build();
        BucketDeployment.Builder.create(this, "Content")
                .sources(List.of(Source.asset(webDirectory.toString(), AssetOptions.builder()
                        .exclude(Stream.concat(Stream.of(CONFIG_JSON), NOT_SITE.stream()).toList())
                        .build())))
                .destinationBucket(bucket)
                .prune(true)
                .exclude(List.of(CONFIG_JSON)) // excluded files are neither uploaded nor pruned
                .cacheControl(List.of(CacheControl.noCache()))
                .distribution(distribution)
                .distributionPaths(List.of("/*"))
                .memoryLimit(256)
                .logGroup(deploymentLogs)
                .build();
    }

    Bucket bucket() {
        return bucket;
    }

    Distribution distribution() {
        return distribution;
    }

    /** The distribution's own origin, e.g. https://d111111abcdef8.cloudfront.net. */
    String origin() {
        return "https://" + distribution.getDistributionDomainName();
    }
}
