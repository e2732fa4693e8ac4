package org.expensetracker.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.expensetracker.core.config.PasswordPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudfront.IDistribution;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.CacheControl;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.constructs.Construct;

/**
 * The web app's config.json, written into the site bucket next to the site. It is the same document the
 * local stack serves: {@code apiUrl} is the site's own origin + {@code /api} (the distribution sends that path
 * to the HTTP API), as locally {@code http://127.0.0.1:8080/api}.
 */
final class SiteConfig extends Construct {

    SiteConfig(Construct scope, String id, EnvironmentSettings settings, IBucket siteBucket, IDistribution distribution,
               String apiUrl, String cognitoEndpoint, String userPoolClientId) {
        super(scope, id);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("apiUrl", apiUrl);
        config.put("cognitoEndpoint", cognitoEndpoint);
        config.put("userPoolClientId", userPoolClientId);
        config.put("region", Stack.of(this).getRegion());
        config.put("environment", settings.name());
        // the pool's password rules (Identity configures the pool from the same record), for the web app's hints
        PasswordPolicy policy = PasswordPolicy.DEPLOYED;
        Map<String, Object> passwordPolicy = new LinkedHashMap<>();
        passwordPolicy.put("minLength", policy.minLength());
        passwordPolicy.put("requireLowercase", policy.requireLowercase());
        passwordPolicy.put("requireUppercase", policy.requireUppercase());
        passwordPolicy.put("requireDigits", policy.requireDigits());
        passwordPolicy.put("requireSymbols", policy.requireSymbols());
        config.put("passwordPolicy", passwordPolicy);

        LogGroup deploymentLogs = LogGroup.Builder.create(this, "DeploymentLogs")
                .retention(settings.logRetention())
                .removalPolicy(settings.removalPolicy())
                .build();
        BucketDeployment.Builder.create(this, "Deployment")
                .sources(List.of(Source.jsonData(StaticSite.CONFIG_JSON, config)))
                .destinationBucket(siteBucket)
                .prune(false) // the rest of the bucket is the site's own deployment
                .cacheControl(List.of(CacheControl.noCache()))
                .distribution(distribution)
                .distributionPaths(List.of("/" + StaticSite.CONFIG_JSON))
                .logGroup(deploymentLogs)
                .build();
    }
}
