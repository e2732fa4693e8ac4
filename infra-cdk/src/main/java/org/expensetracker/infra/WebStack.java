package org.expensetracker.infra;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudfront.IDistribution;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The web app's lifecycle: site bucket and CloudFront distribution. It depends on nothing; the
 * Storage and Api stacks take its origin for CORS, and the Api stack writes config.json into its bucket.
 */
public class WebStack extends Stack {
    private final StaticSite site;
    private final EnvironmentSettings settings;

    public WebStack(Construct scope, EnvironmentSettings settings, Repository repository, StackProps props) {
        super(scope, settings.stackName("Web"), props);
        this.settings = settings;
        site = new StaticSite(this, "Site", settings, repository.webDirectory());
        FrameworkResources.suppress(this);
        CfnOutput.Builder.create(this, "SiteUrl").description("The web app").value(site.origin() + "/").build();
    }

    public IBucket siteBucket() {
        return site.bucket();
    }

    public IDistribution distribution() {
        return site.distribution();
    }

    /** The origins the browser app is served from: the distribution's own and any custom domains. */
    public List<String> webOrigins() {
        List<String> origins = new ArrayList<>();
        origins.add(site.origin());
        origins.addAll(settings.customWebOrigins());
        return List.copyOf(origins);
    }
}
