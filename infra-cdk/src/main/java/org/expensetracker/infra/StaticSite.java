package org.expensetracker.infra;

import java.nio.file.Path;
import java.util.List;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.assets.AssetOptions;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.CacheControl;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.constructs.Construct;

/**
 * The web app: a private bucket, served only by CloudFront (origin access control) over HTTPS
 * with security headers, filled with the repository's web/ directory. config.json is not part of
 * web/ here: the Api stack writes it into the same bucket, and this deployment neither uploads
 * nor prunes it.
 */
final class StaticSite extends Construct {
    static final String CONFIG_JSON = "config.json";

    private final Bucket bucket;
    private final Distribution distribution;

    StaticSite(Construct scope, String id, EnvironmentSettings settings, Path webDirectory) {
        super(scope, id);
        bucket = PrivateBuckets.builder(this, "Bucket", settings).build();
        Nag.suppress(bucket, "AwsSolutions-S1",
                "The site bucket holds only the public static web app and is read solely by CloudFront through origin access"
                        + " control; requests are visible in the API's access log, where the data is.");

        distribution = Distribution.Builder.create(this, "Distribution")
                .comment(settings.prefix() + " web app")
                .defaultRootObject("index.html")
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(S3BucketOrigin.withOriginAccessControl(bucket))
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .allowedMethods(AllowedMethods.ALLOW_GET_HEAD)
                        .cachePolicy(CachePolicy.CACHING_OPTIMIZED)
                        .responseHeadersPolicy(SecurityHeaders.policy(this, "SecurityHeaders"))
                        .compress(true)
                        .build())
                .httpVersion(HttpVersion.HTTP2_AND_3)
                .priceClass(PriceClass.PRICE_CLASS_100)
                .enableIpv6(true)
                .build();
        Nag.suppress(distribution, "AwsSolutions-CFR1",
                "A personal expense tracker is used wherever its owner travels: no geo restriction.");
        Nag.suppress(distribution, "AwsSolutions-CFR2",
                "The distribution serves static files only; the API has its own throttling and JWT authorizer."
                        + " AWS WAF (about 6 USD/month minimum) can be associated later for a public deployment.");
        Nag.suppress(distribution, "AwsSolutions-CFR3",
                "Static, non-personal content; CloudFront standard logging needs an ACL-enabled log bucket."
                        + " Every data access is logged by the HTTP API access log and the receipts bucket's server access log.");
        Nag.suppress(distribution, "AwsSolutions-CFR4",
                "The default *.cloudfront.net certificate is used and CloudFront does not allow a minimum protocol version"
                        + " with it; a custom domain with an ACM certificate gets TLSv1.2_2021.");

        LogGroup deploymentLogs = LogGroup.Builder.create(this, "ContentDeploymentLogs")
                .retention(settings.logRetention())
                .removalPolicy(settings.removalPolicy())
                .build();
        BucketDeployment.Builder.create(this, "Content")
                .sources(List.of(Source.asset(webDirectory.toString(),
                        AssetOptions.builder().exclude(List.of(CONFIG_JSON)).build())))
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
