package org.expensetracker.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudfront.IDistribution;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.CacheControl;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.constructs.Construct;

/**
 * The web app's config.json, written into the site bucket by the Api stack, where the API URL and
 * the user pool client are known. It is the same document the local stack serves.
 */
final class SiteConfig extends Construct {

    SiteConfig(Construct scope, String id, EnvironmentSettings settings, IBucket siteBucket, IDistribution distribution,
               String apiUrl, Identity identity) {
        super(scope, id);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("apiUrl", apiUrl);
        config.put("cognitoEndpoint", identity.endpoint());
        config.put("userPoolClientId", identity.webClient().getUserPoolClientId());
        config.put("region", Stack.of(this).getRegion());
        config.put("environment", settings.name());

        LogGroup deploymentLogs = LogGroup.Builder.create(this, "DeploymentLogs")
                .retention(settings.logRetention())
                .removalPolicy(settings.removalPolicy())
                .build();
        BucketDeployment.Builder.create(this, "Deployment")
                .sources(List.of(Source.jsonData(StaticSite.CONFIG_JSON, config)))
                .destinationBucket(siteBucket)
                .prune(false) // the rest of the bucket is the Web stack's
                .cacheControl(List.of(CacheControl.noCache()))
                .distribution(distribution)
                .distributionPaths(List.of("/" + StaticSite.CONFIG_JSON))
                .logGroup(deploymentLogs)
                .build();
    }
}
