package org.expensetracker.infra;

import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudfront.IDistribution;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The web app's lifecycle, last of the stacks: site bucket, the CloudFront distribution that serves the site and,
 * under {@code /api/*}, the HTTP API (one origin for the browser), config.json, the receipts bucket's CORS rule for
 * that origin, and the association with the AWS WAF web ACL of the Edge stack (us-east-1) when WAF is on.
 */
public class WebStack extends Stack {
    private final StaticSite site;
    private final List<String> webOrigins;

    public WebStack(Construct scope, EnvironmentSettings settings, Repository repository, StorageStack storage, ApiStack api,
                    EdgeStack edge, StackProps props) {
        super(scope, settings.stackName("Web"), props);
        IBucket receipts = storage.receiptsBucket();
        site = new StaticSite(this, "Site", settings, repository.webDirectory(), api.gateway().domainName(),
                receipts.getBucketName(), edge == null ? null : edge.webAclArnFor(this));
        webOrigins = settings.webOrigins(site.origin());
        new SiteConfig(this, "SiteConfig", settings, site.bucket(), site.distribution(), apiUrl(),
                api.identity().endpoint(), api.identity().webClient().getUserPoolClientId());
        new ReceiptsCorsRule(this, "ReceiptsCors", settings, receipts, webOrigins);
        FrameworkResources.suppress(this);
        CfnOutput.Builder.create(this, "SiteUrl").description("The web app").value(webOrigins.get(0) + "/").build();
        CfnOutput.Builder.create(this, "SiteApiUrl").description("The API as the web app calls it (same origin)")
                .value(apiUrl()).build();
        CfnOutput.Builder.create(this, "DistributionDomainName").description("Where a custom domain's DNS record points")
                .value(site.distribution().getDistributionDomainName()).build();
    }

    /** The API under the site's primary origin: what config.json gives the web app. */
    String apiUrl() {
        return webOrigins.get(0) + ApiPath.PREFIX;
    }

    public IBucket siteBucket() {
        return site.bucket();
    }

    public IDistribution distribution() {
        return site.distribution();
    }

    /** The origins the browser app is served from: the custom domain (if any), the distribution's own, any others. */
    public List<String> webOrigins() {
        return webOrigins;
    }
}
