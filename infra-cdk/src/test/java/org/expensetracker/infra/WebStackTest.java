package org.expensetracker.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class WebStackTest {
    static Template web;

    @BeforeAll
    static void synth() {
        web = Synthesized.dev().web;
    }

    @Test
    void cloudFrontServesThePrivateBucketOverHttpsOnly() {
        web.resourceCountIs("AWS::S3::Bucket", 1);
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
                        "ResponseHeadersPolicyId", Map.of("Ref", headers))),
                "Origins", List.of(Match.objectLike(Map.of(
                        "OriginAccessControlId", Map.of("Fn::GetAtt", List.of(oac, "Id")),
                        "S3OriginConfig", Map.of("OriginAccessIdentity", "")))))))); // OAC, not the legacy OAI
        // only CloudFront (this distribution) may read the bucket
        web.hasResourceProperties("AWS::S3::BucketPolicy", Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(
                Match.objectLike(Map.of(
                        "Effect", "Allow",
                        "Action", "s3:GetObject",
                        "Principal", Map.of("Service", "cloudfront.amazonaws.com"),
                        "Condition", Map.of("StringEquals", Map.of("AWS:SourceArn", Match.anyValue())))))))));
    }

    @Test
    void securityHeaders() throws Exception {
        web.hasResourceProperties("AWS::CloudFront::ResponseHeadersPolicy", Map.of("ResponseHeadersPolicyConfig", Match.objectLike(Map.of(
                "SecurityHeadersConfig", Match.objectLike(Map.of(
                        "StrictTransportSecurity", Map.of("AccessControlMaxAgeSec", 63072000, "IncludeSubdomains", true, "Override", true),
                        "ContentTypeOptions", Map.of("Override", true),
                        "FrameOptions", Map.of("FrameOption", "DENY", "Override", true),
                        "ReferrerPolicy", Map.of("ReferrerPolicy", "strict-origin-when-cross-origin", "Override", true),
                        "ContentSecurityPolicy", Match.objectLike(Map.of("Override", true))))))));
        String csp = new ObjectMapper().writeValueAsString(web.findResources("AWS::CloudFront::ResponseHeadersPolicy"));
        assertThat(csp).contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'",
                "connect-src 'self' https://*.execute-api.", "https://cognito-idp.", "https://*.s3.");
        assertThat(SecurityHeaders.contentSecurityPolicy("eu-west-1"))
                .contains("connect-src 'self' https://*.execute-api.eu-west-1.amazonaws.com https://cognito-idp.eu-west-1.amazonaws.com"
                        + " https://*.s3.eu-west-1.amazonaws.com")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
    }

    @Test
    void deploysWebButLeavesConfigJsonToTheApiStack() {
        web.hasResourceProperties("Custom::CDKBucketDeployment", Map.of(
                "Prune", true,
                "Exclude", List.of("config.json"),
                "DistributionPaths", List.of("/*")));
    }

    @Test
    void dependsOnNoOtherStack() throws Exception {
        var stacks = Synthesized.dev().stacks;
        assertThat(stacks.web().getDependencies()).isEmpty();
        assertThat(new ObjectMapper().writeValueAsString(web.toJSON())).doesNotContain("Fn::GetStackOutput").doesNotContain("Fn::ImportValue");
    }
}
