package org.expensetracker.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.expensetracker.core.config.ReceiptsCors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class WebStackTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** CloudFront's managed policies (their ids are fixed by AWS). */
    static final String CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
    static final String CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";
    static final String ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

    static Synthesized dev;
    static Template web;

    @BeforeAll
    static void synth() {
        dev = Synthesized.dev();
        web = dev.web;
    }

    @Test
    void cloudFrontServesThePrivateBucketOverHttpsOnly() {
        web.resourceCountIs("AWS::CloudFront::Distribution", 1);
        String oac = ApiStackTest.single(web.findResources("AWS::CloudFront::OriginAccessControl"));
        String headers = ApiStackTest.single(web.findResources("AWS::CloudFront::ResponseHeadersPolicy"));
        web.hasResourceProperties("AWS::CloudFront::OriginAccessControl", Map.of("OriginAccessControlConfig", Match.objectLike(Map.of(
                "OriginAccessControlOriginType", "s3", "SigningBehavior", "always", "SigningProtocol", "sigv4"))));
        web.hasResourceProperties("AWS::CloudFront::Distribution", Map.of("DistributionConfig", Match.objectLike(Map.of(
                "DefaultRootObject", "index.html",
                "Enabled", true,
                "DefaultCacheBehavior", Match.objectLike(Map.of(
                        "ViewerProtocolPolicy", "redirect-to-https",
                        "AllowedMethods", List.of("GET", "HEAD"),
                        "CachePolicyId", CACHING_OPTIMIZED,
                        "ResponseHeadersPolicyId", Map.of("Ref", headers))),
                "Origins", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "OriginAccessControlId", Map.of("Fn::GetAtt", List.of(oac, "Id")),
                        "S3OriginConfig", Map.of("OriginAccessIdentity", "")))))))));  // OAC, not the legacy OAI
        // only CloudFront (this distribution) may read the site bucket
        web.hasResourceProperties("AWS::S3::BucketPolicy", Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(
                Match.objectLike(Map.of(
                        "Effect", "Allow",
                        "Action", "s3:GetObject",
                        "Principal", Map.of("Service", "cloudfront.amazonaws.com"),
                        "Condition", Map.of("StringEquals", Map.of("AWS:SourceArn", Match.anyValue())))))))));
    }

    // ---- one origin: /api/* is the HTTP API ----

    @Test
    void apiBehaviourSendsEverythingButHostToTheHttpApiUncached() throws Exception {
        String function = ApiStackTest.single(web.findResources("AWS::CloudFront::Function"));
        String headers = ApiStackTest.single(web.findResources("AWS::CloudFront::ResponseHeadersPolicy"));
        web.hasResourceProperties("AWS::CloudFront::Distribution", Map.of("DistributionConfig", Match.objectLike(Map.of(
                "CacheBehaviors", List.of(Match.objectLike(Map.of(
                        "PathPattern", "/api/*",
                        "ViewerProtocolPolicy", "https-only",
                        "AllowedMethods", List.of("GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"),
                        "CachePolicyId", CACHING_DISABLED,
                        "OriginRequestPolicyId", ALL_VIEWER_EXCEPT_HOST_HEADER,
                        "ResponseHeadersPolicyId", Map.of("Ref", headers),
                        "FunctionAssociations", List.of(Map.of(
                                "EventType", "viewer-request",
                                "FunctionARN", Map.of("Fn::GetAtt", List.of(function, "FunctionARN")))))))))));
        // the origin is the HTTP API's default endpoint, over TLS 1.2 only, read from the Api stack
        var origins = distributionConfig().get("Origins");
        JsonNode api = null;
        for (JsonNode origin : origins) {
            if (origin.has("CustomOriginConfig")) {
                api = origin;
            }
        }
        assertThat(api).isNotNull();
        assertThat(api.at("/CustomOriginConfig/OriginProtocolPolicy").asText()).isEqualTo("https-only");
        assertThat(JSON.writeValueAsString(api.at("/CustomOriginConfig/OriginSSLProtocols"))).isEqualTo("[\"TLSv1.2\"]");
        assertThat(JSON.writeValueAsString(api.get("DomainName")))
                .contains("Fn::GetStackOutput").contains(dev.settings.stackName("Api")).contains("ApiEndpoint");
    }

    @Test
    void aCloudFrontFunctionStripsTheApiPrefix() {
        web.hasResourceProperties("AWS::CloudFront::Function", Map.of(
                "AutoPublish", true,
                "FunctionConfig", Match.objectLike(Map.of("Runtime", "cloudfront-js-2.0")),
                "FunctionCode", ApiPath.CODE));
        assertThat(ApiPath.CODE).contains("indexOf('/api/') === 0").contains("substring(4)");
    }

    @Test
    void configJsonNamesTheApiOnTheSitesOwnOrigin() throws Exception {
        var deployments = web.findResources("Custom::CDKBucketDeployment", Map.of("Properties", Map.of("Prune", false)));
        assertThat(deployments).hasSize(1);
        var deployment = ApiStackTest.props(deployments.values().iterator().next());
        assertThat(deployment.get("DistributionPaths")).isEqualTo(List.of("/config.json"));
        String markers = ApiStackTest.json(deployment.get("SourceMarkers"));
        assertThat(markers).contains("https://").contains("DomainName").contains("/api")
                .contains("https://cognito-idp.").contains("UserPoolWebClient").doesNotContain("ApiEndpoint");

        String assetHash = ((String) ((List<?>) deployment.get("SourceObjectKeys")).get(0)).replace(".zip", "");
        Path asset = Repository.locate().root().resolve("infra-cdk/target/cdk-test-out/dev/asset." + assetHash + "/config.json");
        JsonNode config = JSON.readTree(Files.readString(asset).replaceAll("<<marker:0xbaba:\\d+>>", "\"deploy-time\""));
        List<String> keys = new ArrayList<>();
        config.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("apiUrl", "cognitoEndpoint", "userPoolClientId", "region", "environment", "passwordPolicy");
        assertThat(config.get("environment").asText()).isEqualTo("dev");
        // the web app's password hints follow the pool's rules
        var policy = org.expensetracker.core.config.PasswordPolicy.DEPLOYED;
        assertThat(config.get("passwordPolicy")).isEqualTo(JSON.valueToTree(Map.of("minLength", policy.minLength(),
                "requireLowercase", policy.requireLowercase(), "requireUppercase", policy.requireUppercase(),
                "requireDigits", policy.requireDigits(), "requireSymbols", policy.requireSymbols())));
    }

    @Test
    void deploysWebButLeavesConfigJsonToItsOwnDeployment() {
        web.hasResourceProperties("Custom::CDKBucketDeployment", Map.of(
                "Prune", true,
                "Exclude", List.of("config.json"),
                "DistributionPaths", List.of("/*")));
    }

    @Test
    void theDeployedSiteCarriesTheVendoredQrLibraryButNotNpmsFiles() throws Exception {
        var deployments = web.findResources("Custom::CDKBucketDeployment", Map.of("Properties", Map.of("Prune", true)));
        assertThat(deployments).hasSize(1);
        var deployment = ApiStackTest.props(deployments.values().iterator().next());
        String assetHash = ((String) ((List<?>) deployment.get("SourceObjectKeys")).get(0)).replace(".zip", "");
        Path asset = Repository.locate().root().resolve("infra-cdk/target/cdk-test-out/dev/asset." + assetHash);
        Path web = Repository.locate().webDirectory();

        assertThat(asset.resolve("index.html")).isRegularFile();
        // the page imports /vendor/qrcode.js: exactly the ES module of the version web/package-lock.json pins
        assertThat(asset.resolve(Repository.QR_LIBRARY)).hasSameBinaryContentAs(
                web.resolve("node_modules/qrcode-generator/dist/qrcode.mjs"));
        assertThat(JSON.readTree(web.resolve("package-lock.json").toFile())
                .at("/packages/node_modules~1qrcode-generator/version").asText()).isEqualTo("2.0.4");
        assertThat(asset.resolve("node_modules")).doesNotExist();
        assertThat(asset.resolve("package.json")).doesNotExist();
        assertThat(asset.resolve("package-lock.json")).doesNotExist();
        assertThat(asset.resolve("test")).as("the web app's unit tests").doesNotExist();
        assertThat(asset.resolve("config.json")).doesNotExist();
    }

    @Test
    void aSiteWithoutItsVendoredLibrariesSaysHowToInstallThem(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("functions"));
        Files.createDirectories(dir.resolve("infra-cdk"));
        Files.createDirectories(dir.resolve("web"));
        Files.writeString(dir.resolve("pom.xml"), "<project/>");
        assertThatThrownBy(() -> new Repository(dir).webDirectory())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("vendor/qrcode.js").hasMessageContaining("npm ci");
    }

    // ---- headers ----

    @Test
    void securityHeaders() throws Exception {
        web.hasResourceProperties("AWS::CloudFront::ResponseHeadersPolicy", Map.of("ResponseHeadersPolicyConfig", Match.objectLike(Map.of(
                "SecurityHeadersConfig", Match.objectLike(Map.of(
                        "StrictTransportSecurity", Map.of("AccessControlMaxAgeSec", 63072000, "IncludeSubdomains", true, "Override", true),
                        "ContentTypeOptions", Map.of("Override", true),
                        "FrameOptions", Map.of("FrameOption", "DENY", "Override", true),
                        "ReferrerPolicy", Map.of("ReferrerPolicy", "strict-origin-when-cross-origin", "Override", true),
                        "ContentSecurityPolicy", Match.objectLike(Map.of("Override", true))))))));
    }

    @Test
    void theCspNamesExactlyTheOriginsTheAppTalksTo() throws Exception {
        String csp = SecurityHeaders.contentSecurityPolicy("eu-west-1", "receipts-bucket-1");
        assertThat(csp)
                .contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "object-src 'none'")
                .contains("connect-src 'self' https://cognito-idp.eu-west-1.amazonaws.com https://receipts-bucket-1.s3.eu-west-1.amazonaws.com;")
                .contains("img-src 'self' data: blob: https://receipts-bucket-1.s3.eu-west-1.amazonaws.com;")
                .contains("frame-src https://receipts-bucket-1.s3.eu-west-1.amazonaws.com;")
                .doesNotContain("*").doesNotContain("execute-api").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        // in the template: the region of the stack and the receipts bucket's name from the Storage stack
        String policy = JSON.writeValueAsString(web.findResources("AWS::CloudFront::ResponseHeadersPolicy"));
        assertThat(policy).contains("connect-src 'self' https://cognito-idp.").contains(".s3.")
                .contains(dev.settings.stackName("Storage")).contains("PublishOutputRefReceiptsBucket")
                .doesNotContain("*.s3").doesNotContain("execute-api");
    }

    // ---- the receipts bucket's CORS rule ----

    @Test
    void theReceiptsBucketAllowsExactlyTheSiteOriginAndThePresignedTransfers() throws Exception {
        var rules = web.findResources("Custom::ReceiptsBucketCors");
        assertThat(rules).hasSize(1);
        var properties = ApiStackTest.props(rules.values().iterator().next());
        // the SDK call is rendered as one JSON string with the deploy-time values joined in
        String create = ApiStackTest.json(properties.get("Create"));
        var cors = ReceiptsCors.BROWSER_TRANSFERS;
        assertThat(create).contains("PutBucketCors")
                .contains(JSON.writeValueAsString(JSON.writeValueAsString(cors.methods())).replaceAll("^\"|\"$", ""))
                .contains(JSON.writeValueAsString(JSON.writeValueAsString(cors.allowedHeaders())).replaceAll("^\"|\"$", ""))
                .contains(JSON.writeValueAsString(JSON.writeValueAsString(cors.exposedHeaders())).replaceAll("^\"|\"$", ""))
                .contains("MaxAgeSeconds\\\":" + cors.maxAgeSeconds())
                .contains("AllowedOrigins\\\":[\\\"https://\",{\"Fn::GetAtt\":[\"SiteDistribution")
                .contains(dev.settings.stackName("Storage"))
                .doesNotContain("\\\"*\\\"");
        assertThat(create).containsPattern("\\{\"Fn::GetAtt\":\\[\"SiteDistribution\\w+\",\"DomainName\"\\]\\}");
        assertThat(ApiStackTest.json(properties.get("Update"))).isEqualTo(create);
        assertThat(ApiStackTest.json(properties.get("Delete"))).contains("DeleteBucketCors");
        // its handler may change the CORS configuration of that bucket and nothing else
        web.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", List.of(Map.of(
                "Action", "s3:PutBucketCORS",
                "Effect", "Allow",
                "Resource", Match.objectLike(Map.of("Fn::GetStackOutput", Match.objectLike(Map.of(
                        "StackName", dev.settings.stackName("Storage"))))))))));
    }

    // ---- logs, TLS, WAF ----

    @Test
    void accessLogsGoToAnAclEnabledButPrivateLogBucket() {
        String logs = ApiStackTest.single(web.findResources("AWS::S3::Bucket", Map.of("Properties", Map.of(
                "OwnershipControls", Map.of("Rules", List.of(Map.of("ObjectOwnership", "ObjectWriter")))))));
        web.hasResourceProperties("AWS::S3::Bucket", Map.of(
                "OwnershipControls", Map.of("Rules", List.of(Map.of("ObjectOwnership", "ObjectWriter"))),
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                "BucketEncryption", Map.of("ServerSideEncryptionConfiguration",
                        List.of(Map.of("ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))),
                "LifecycleConfiguration", Map.of("Rules", List.of(Match.objectLike(Map.of(
                        "ExpirationInDays", dev.settings.accessLogRetention().toDays(), "Status", "Enabled"))))));
        web.hasResourceProperties("AWS::CloudFront::Distribution", Map.of("DistributionConfig", Match.objectLike(Map.of(
                "Logging", Map.of(
                        "Bucket", Map.of("Fn::GetAtt", List.of(logs, "RegionalDomainName")),
                        "IncludeCookies", false,
                        "Prefix", StaticSite.LOG_PREFIX)))));
    }

    @Test
    void withoutCustomDomainTheDefaultCertificate() throws Exception {
        assertThat(distributionConfig().at("/ViewerCertificate").isMissingNode()).isTrue();
        assertThat(distributionConfig().has("Aliases")).isFalse();
    }

    @Test
    void aCustomDomainGetsItsCertificateAndTls12Minimum() throws Exception {
        var settings = EnvironmentSettings.dev().withCustomDomain(new EnvironmentSettings.CustomDomain("expenses.example.com",
                "arn:aws:acm:us-east-1:123456789012:certificate/0f6a1b2c-1234-4abc-9def-0123456789ab"));
        var stack = new Stack(new App(), "SiteOnly");
        new StaticSite(stack, "Site", settings, Repository.locate().webDirectory(), "api.example.com", "receipts-1", null);
        var template = Template.fromStack(stack);
        template.hasResourceProperties("AWS::CloudFront::Distribution", Map.of("DistributionConfig", Match.objectLike(Map.of(
                "Aliases", List.of("expenses.example.com"),
                "ViewerCertificate", Map.of(
                        "AcmCertificateArn", settings.customDomain().certificateArn(),
                        "MinimumProtocolVersion", "TLSv1.2_2021",
                        "SslSupportMethod", "sni-only")))));
        assertThat(settings.webOrigins("https://d1.cloudfront.net").get(0)).isEqualTo("https://expenses.example.com");
    }

    @Test
    void prodIsBehindTheWebAclOfTheEdgeStack() throws Exception {
        var prod = Synthesized.prod();
        String webAcl = ApiStackTest.json(JSON.readTree(ApiStackTest.json(prod.web.findResources("AWS::CloudFront::Distribution")
                .values().iterator().next())).at("/Properties/DistributionConfig/WebACLId"));
        assertThat(JSON.readTree(webAcl)).isEqualTo(JSON.readTree(ApiStackTest.json(Map.of("Fn::GetStackOutput", Map.of(
                "StackName", prod.settings.stackName("Edge"), "OutputName", EdgeStack.OUTPUT, "Region", "us-east-1")))));
        assertThat(prod.stacks.web().getDependencies()).contains(prod.stacks.edge());
        // dev: no WAF, no web ACL
        assertThat(distributionConfig().has("WebACLId")).isFalse();
        assertThat(dev.stacks.edge()).isNull();
    }

    @Test
    void dependsOnTheStacksItServes() {
        var stacks = dev.stacks;
        assertThat(stacks.web().getDependencies()).containsExactlyInAnyOrder(stacks.storage(), stacks.api());
        for (var stack : List.of(stacks.data(), stacks.storage(), stacks.api())) {
            assertThat(stack.getDependencies()).doesNotContain(stacks.web());
        }
    }

    static JsonNode distributionConfig() throws Exception {
        return JSON.readTree(ApiStackTest.json(web.findResources("AWS::CloudFront::Distribution").values().iterator().next()))
                .at("/Properties/DistributionConfig");
    }
}
